import { checkSenderTruth, type AnySentEvent, type SentRequest, type StatusSource, type WrittenEvent } from '@app/testing';
import { ocppExpectations, type OcppFleet } from './ocpp-expectations';

const fleet: OcppFleet = {
  ocpp16: new Map([
    [
      'CP-1',
      new Map([
        [1, 'L1/E1'],
        [2, 'L1/E2'],
      ]),
    ],
  ]),
  ocpp201: new Map([['CS-1', new Map([[1, 'L2/E1']])]]),
};

let seq = 0;
const at = (second: number) => `2026-12-06T10:00:${String(second).padStart(2, '0')}.000Z`;
function request(
  source: StatusSource,
  event: AnySentEvent,
  answer: SentRequest['answer'] = { kind: 'answered', results: [{ index: 0, status: 'accepted', event_ids: [`e${++seq}`] }] },
): SentRequest {
  return { correlationId: `r${++seq}`, source, events: [event], answer, sentAt: seq, answeredAt: seq };
}
const ocpp16 = (connectorId: number, status: string, second: number) => ({ charge_point_id: 'CP-1', connectorId, status, errorCode: 'NoError', timestamp: at(second) });
const ocpp201 = (connectorId: number, connectorStatus: string, second: number) => ({ station_id: 'CS-1', evseId: 1, connectorId, connectorStatus, timestamp: at(second) });
const statuses = (requests: SentRequest[], which: number) => ocppExpectations(fleet, requests)(requests[which]!, 0).map((w) => `${w.evse} ${[...w.statuses].sort().join('|')}`);

describe('ocppExpectations', () => {
  it('maps OCPP 1.6 connector statuses to the OCPI status of their EVSE', () => {
    const requests = [request('ocpp16', ocpp16(1, 'SuspendedEV', 1)), request('ocpp16', ocpp16(2, 'Unavailable', 2)), request('ocpp16', ocpp16(1, 'Faulted', 3))];
    expect([0, 1, 2].map((i) => statuses(requests, i))).toEqual([['L1/E1 CHARGING'], ['L1/E2 INOPERATIVE'], ['L1/E1 OUTOFORDER']]);
  });

  it('applies connector 0 Unavailable to every EVSE, and Available gives each its own last status back (AVAILABLE when none)', () => {
    const requests = [request('ocpp16', ocpp16(1, 'Charging', 1)), request('ocpp16', ocpp16(0, 'Unavailable', 2)), request('ocpp16', ocpp16(0, 'Available', 3))];
    expect(statuses(requests, 1)).toEqual(['L1/E1 INOPERATIVE', 'L1/E2 INOPERATIVE']);
    expect(statuses(requests, 2)).toEqual(['L1/E1 CHARGING', 'L1/E2 AVAILABLE']);
  });

  it('allows what an unanswered notification may have left in the memory, and only that', () => {
    const requests = [
      request('ocpp16', ocpp16(1, 'Charging', 1)),
      request('ocpp16', ocpp16(1, 'Reserved', 2), { kind: 'unavailable' }),
      request('ocpp16', ocpp16(1, 'Preparing', 3), { kind: 'answered', results: [{ index: 0, status: 'rejected', reason: 'too_old' }] }),
      request('ocpp16', ocpp16(0, 'Available', 4)),
    ];
    expect(statuses(requests, 3)).toEqual(['L1/E1 CHARGING|RESERVED', 'L1/E2 AVAILABLE']);
  });

  it('folds an OCPP 2.0.1 EVSE over its connectors: busy before usable before broken', () => {
    const requests = [
      request('ocpp201', ocpp201(1, 'Faulted', 1)),
      request('ocpp201', ocpp201(2, 'Available', 2)),
      request('ocpp201', ocpp201(1, 'Occupied', 3)),
      request('ocpp201', ocpp201(2, 'Unavailable', 4)),
    ];
    expect([0, 1, 2, 3].map((i) => statuses(requests, i))).toEqual([['L2/E1 OUTOFORDER'], ['L2/E1 AVAILABLE'], ['L2/E1 CHARGING'], ['L2/E1 CHARGING']]);
  });

  it('makes the sender truth catch a connector 0 written to one EVSE only, or with a status the charger never had', () => {
    const c0 = request('ocpp16', ocpp16(0, 'Faulted', 5), { kind: 'answered', results: [{ index: 0, status: 'accepted', event_ids: ['x1'] }] });
    const requests = [request('ocpp16', ocpp16(1, 'Charging', 1)), c0];
    const written = (id: string, evse: string, status: string, time: string, correlation: string): WrittenEvent => {
      const [location_id, evse_uid] = evse.split('/') as [string, string];
      return { event_id: id, location_id, evse_uid, status, event_time: time, correlation_id: correlation };
    };
    const firstId = (requests[0]!.answer as { results: { event_ids: string[] }[] }).results[0]!.event_ids[0]!;
    const truth = checkSenderTruth(
      requests,
      [written(firstId, 'L1/E1', 'AVAILABLE', at(1), requests[0]!.correlationId), written('x1', 'L1/E1', 'OUTOFORDER', at(5), c0.correlationId)],
      ocppExpectations(fleet, requests),
    );
    expect(truth.violations.map((v) => `${v.kind}: ${v.detail}`)).toEqual([
      `written_otherwise: event ${firstId}: status AVAILABLE, sent CHARGING`,
      `written_otherwise: event 0 of request ${c0.correlationId}: 1 records for 2 EVSEs`,
    ]);
  });
});
