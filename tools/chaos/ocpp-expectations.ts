import type { ExpectedWrite, Expectations, Ocpp16SentEvent, Ocpp201SentEvent, SentEvent, SentRequest } from '@app/testing';

/**
 * What an accepted OCPP StatusNotification must have written, worked out from
 * the sender's side alone: the bindings the load set in locations-api, the
 * order in which it sent each charger's notifications (one at a time per
 * charger, as OCPP-J allows one CALL in flight), their answers, and a mapping
 * written here from the specs, never imported from charger-events:
 * - OCPP 1.6 ChargePointStatus → OCPI EvseStatus (OCPI 2.2.1 §8.4.22: an EVSE
 *   in any stage of a session is CHARGING, "Unavailable" is INOPERATIVE,
 *   "Faulted" is OUTOFORDER);
 * - OCPP 2.0.1 ConnectorStatusEnumType likewise, and an EVSE with several
 *   connectors folded as the app's contract says (README: busy first, then
 *   usable);
 * - OCPP 1.6 connector 0 is the charge point (1.6 §4.9): Unavailable and
 *   Faulted hold for each EVSE; Available gives each EVSE back its own last
 *   status, AVAILABLE when it never had one (the app's contract).
 * A notification answered 503 or never answered may still have been taken in
 * by charger-events' memory: later expectations allow both.
 */

const OCPP16_TO_OCPI: Record<string, string> = {
  Available: 'AVAILABLE',
  Preparing: 'CHARGING',
  Charging: 'CHARGING',
  SuspendedEV: 'CHARGING',
  SuspendedEVSE: 'CHARGING',
  Finishing: 'CHARGING',
  Reserved: 'RESERVED',
  Unavailable: 'INOPERATIVE',
  Faulted: 'OUTOFORDER',
};

const OCPP201_TO_OCPI: Record<string, string> = {
  Available: 'AVAILABLE',
  Occupied: 'CHARGING',
  Reserved: 'RESERVED',
  Unavailable: 'INOPERATIVE',
  Faulted: 'OUTOFORDER',
};

/** An EVSE's status from its connectors': the first of these any connector has. */
const FOLD_ORDER = ['CHARGING', 'BLOCKED', 'RESERVED', 'AVAILABLE', 'INOPERATIVE', 'OUTOFORDER', 'UNKNOWN'];

/** Which EVSE (`location/uid`) each OCPP identity feeds, as the load bound them. */
export interface OcppFleet {
  /** charge point → connector id → EVSE. */
  ocpp16: Map<string, Map<number, string>>;
  /** station → OCPP EVSE id → EVSE. */
  ocpp201: Map<string, Map<number, string>>;
}

type Outcome = 'accepted' | 'rejected' | 'refused';
/** A status possibly held; undefined: nothing known yet. */
type Possible = Set<string | undefined>;

/** Builds the expectations of every accepted event of `requests` (native ones included). */
export function ocppExpectations(fleet: OcppFleet, requests: readonly SentRequest[]): Expectations {
  const byEvent = new Map<string, ExpectedWrite[]>();
  const own = new Map<string, Possible>();
  const connectors = new Map<string, Map<number, Possible>>();
  const sends = requests.flatMap((request) => request.events.map((event, index) => ({ request, index, event, outcome: outcomeOf(request, index) })));
  // One charger's notifications were sent one at a time with rising times: time order is send order.
  for (const { request, index, event, outcome } of sends.sort((a, b) => Date.parse(a.event.timestamp) - Date.parse(b.event.timestamp) || a.request.sentAt - b.request.sentAt)) {
    if (outcome === 'rejected') continue;
    let writes: ExpectedWrite[] = [];
    if (request.source === 'ocpp16') {
      const sent = event as Ocpp16SentEvent;
      const status = OCPP16_TO_OCPI[sent.status]!;
      const bound = fleet.ocpp16.get(sent.charge_point_id) ?? new Map<number, string>();
      if (sent.connectorId === 0) {
        const restore = sent.status === 'Available';
        writes = [...bound.values()].map((evse) => ({
          evse,
          statuses: restore ? new Set([...(own.get(evse) ?? new Set([undefined]))].map((s) => s ?? status)) : new Set([status]),
          time: sent.timestamp,
        }));
      } else {
        const evse = bound.get(sent.connectorId)!;
        writes = [{ evse, statuses: new Set([status]), time: sent.timestamp }];
        own.set(evse, outcome === 'accepted' ? new Set([status]) : new Set([...(own.get(evse) ?? [undefined]), status]));
      }
    } else if (request.source === 'ocpp201') {
      const sent = event as Ocpp201SentEvent;
      const status = OCPP201_TO_OCPI[sent.connectorStatus]!;
      const evse = fleet.ocpp201.get(sent.station_id)!.get(sent.evseId)!;
      const known = connectors.get(evse) ?? new Map<number, Possible>();
      connectors.set(evse, known);
      const others = [...known].filter(([id]) => id !== sent.connectorId).map(([, possible]) => possible);
      writes = [{ evse, statuses: folds([new Set([status]), ...others]), time: sent.timestamp }];
      known.set(sent.connectorId, outcome === 'accepted' ? new Set([status]) : new Set([...(known.get(sent.connectorId) ?? [undefined]), status]));
    } else {
      const sent = event as SentEvent;
      writes = [{ evse: `${sent.location_id}/${sent.evse_uid}`, statuses: new Set([sent.status]), time: sent.timestamp }];
    }
    byEvent.set(`${request.correlationId}#${index}`, writes);
  }
  return (request, index) => byEvent.get(`${request.correlationId}#${index}`) ?? [];
}

function outcomeOf(request: SentRequest, index: number): Outcome {
  if (request.answer.kind !== 'answered') return 'refused';
  return request.answer.results.find((r) => r.index === index)?.status === 'accepted' ? 'accepted' : 'rejected';
}

/** Every status the fold of the connectors can give, one possible status per connector (undefined: not known). */
function folds(connectors: readonly Possible[]): Set<string> {
  let combos: string[][] = [[]];
  for (const possible of connectors) combos = combos.flatMap((combo) => [...possible].map((s) => (s === undefined ? combo : [...combo, s])));
  return new Set(combos.map((statuses) => FOLD_ORDER.find((s) => statuses.includes(s))!));
}
