import type { SentRequest, WrittenEvent } from '@app/testing';
import type { IopRecord } from './invariant-checker';
import { checkTransitions } from './transitions-checker';

/** One request of one event of EVSE L1/E1, sent at `sentAt` and answered 10 ms later. */
function request(status: string, second: number, sentAt: number, answer: SentRequest['answer'] = { kind: 'answered', results: [{ index: 0, status: 'accepted' }] }): SentRequest {
  return {
    correlationId: `c-${status}-${second}-${sentAt}`,
    events: [{ location_id: 'L1', evse_uid: 'E1', status, timestamp: new Date(Date.UTC(2026, 11, 6, 10, 0, second)).toISOString() }],
    answer,
    sentAt,
    answeredAt: sentAt + 10,
  };
}

let seq = 0;
function patch(status: string): IopRecord {
  seq += 1;
  return {
    seq,
    method: 'PATCH',
    path: '/ocpi/emsp/2.2.1/locations/FR/ABC/L1/E1',
    location_id: 'L1',
    evse_uid: 'E1',
    body: { status, last_updated: '2026-12-06T10:00:00Z' },
    received_at: '',
    http_status: 200,
    ocpi_status_code: 1000,
  };
}

describe(checkTransitions.name, () => {
  // A sender that waits for each answer: CHARGING, INOPERATIVE, CHARGING, one after the other.
  const sequential = [request('CHARGING', 1, 0), request('INOPERATIVE', 2, 100), request('CHARGING', 3, 200)];

  it('passes when every transition reached the IOP in order, re-assertions merged', () => {
    expect(checkTransitions(sequential, [], [patch('CHARGING'), patch('INOPERATIVE'), patch('CHARGING'), patch('CHARGING')])).toEqual([]);
  });

  it('lets events tied in charger time, sent concurrently, reach the IOP in either order, but not go missing', () => {
    const tied = [request('CHARGING', 1, 0), request('RESERVED', 2, 100), request('BLOCKED', 2, 105), request('AVAILABLE', 3, 300)];
    expect(checkTransitions(tied, [], [patch('CHARGING'), patch('BLOCKED'), patch('RESERVED'), patch('AVAILABLE')])).toEqual([]);
    expect(checkTransitions(tied, [], [patch('CHARGING'), patch('RESERVED'), patch('BLOCKED'), patch('AVAILABLE')])).toEqual([]);
    expect(checkTransitions(tied, [], [patch('CHARGING'), patch('BLOCKED'), patch('AVAILABLE')])).toEqual([expect.objectContaining({ kind: 'swallowed_transition' })]);
  });

  it('catches a swallowed transition (A→B→A coalesced into nothing)', () => {
    const violations = checkTransitions(sequential, [], [patch('CHARGING')]);
    expect(violations.map((v) => v.kind)).toEqual(['swallowed_transition']);
    expect(violations[0]!.detail).toContain('CHARGING→INOPERATIVE→CHARGING');
  });

  it('does not count a request the IOP never applied (a reset, recorded as HTTP 0)', () => {
    const reset = { ...patch('INOPERATIVE'), http_status: 0 };
    expect(checkTransitions(sequential, [], [patch('CHARGING'), reset, patch('INOPERATIVE'), patch('CHARGING')])).toEqual([]);
    expect(checkTransitions(sequential.slice(0, 1), [], [patch('CHARGING'), { ...patch('BLOCKED'), http_status: 0 }])).toEqual([]);
  });

  it('catches transitions delivered out of charger-time order', () => {
    expect(checkTransitions(sequential.slice(0, 2), [], [patch('INOPERATIVE'), patch('CHARGING')]).map((v) => v.kind)).toEqual(['swallowed_transition']);
  });

  it('lets an event go missing when a newer one was not sent after its answer (it may have been delivered first)', () => {
    // BLOCKED@5 sent first; AVAILABLE@4 (older) sent after BLOCKED's answer: gireve-push may drop it.
    const requests = [request('BLOCKED', 5, 0), request('AVAILABLE', 4, 100)];
    expect(checkTransitions(requests, [], [patch('BLOCKED')])).toEqual([]);
    expect(checkTransitions(requests, [], [patch('AVAILABLE'), patch('BLOCKED')])).toEqual([]);
  });

  it('counts a refused event that landed on Kafka as optional, but never out of order', () => {
    const refused = request('RESERVED', 2, 100, { kind: 'unavailable' });
    const landed: WrittenEvent = { event_id: 'x', location_id: 'L1', evse_uid: 'E1', status: 'RESERVED', event_time: refused.events[0]!.timestamp, correlation_id: refused.correlationId };
    const requests = [request('CHARGING', 1, 0), refused, request('BLOCKED', 3, 200)];
    expect(checkTransitions(requests, [landed], [patch('CHARGING'), patch('BLOCKED')])).toEqual([]);
    expect(checkTransitions(requests, [landed], [patch('CHARGING'), patch('RESERVED'), patch('BLOCKED')])).toEqual([]);
    expect(checkTransitions(requests, [landed], [patch('CHARGING'), patch('BLOCKED'), patch('RESERVED')]).map((v) => v.kind)).toEqual(['swallowed_transition']);
  });

  it('takes the status a Location PUT gave the EVSE as what the IOP held first', () => {
    const put: IopRecord = {
      seq: 0,
      method: 'PUT',
      path: '/ocpi/emsp/2.2.1/locations/FR/ABC/L1',
      location_id: 'L1',
      body: { evses: [{ uid: 'E1', status: 'CHARGING' }] },
      received_at: '',
      http_status: 200,
      ocpi_status_code: 1000,
    };
    expect(checkTransitions([request('CHARGING', 1, 0)], [], [put])).toEqual([]);
  });
});
