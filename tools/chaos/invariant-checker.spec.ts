import { type AcceptedEvent, checkInvariants, type IopRecord } from './invariant-checker';

const event = (evse: string, status: string, eventTime: string, receivedAt = eventTime): AcceptedEvent => ({
  country_code: 'FR',
  party_id: 'ABC',
  location_id: 'L1',
  evse_uid: evse,
  status,
  event_time: eventTime,
  received_at: receivedAt,
});

let seq = 0;
const patch = (evse: string, status: string, lastUpdated: string, at: [number, number], outcome: Partial<IopRecord> = {}): IopRecord => ({
  seq: ++seq,
  method: 'PATCH',
  path: `/ocpi/emsp/2.2.1/locations/FR/ABC/L1/${evse}`,
  location_id: 'L1',
  evse_uid: evse,
  body: { status, last_updated: lastUpdated },
  received_at: new Date(Date.UTC(2026, 10, 24, 10, 0, 5, at[0])).toISOString(),
  completed_at: new Date(Date.UTC(2026, 10, 24, 10, 0, 5, at[1])).toISOString(),
  http_status: 200,
  ocpi_status_code: 1000,
  ...outcome,
});

describe('checkInvariants', () => {
  const events = [event('E1', 'CHARGING', '2026-11-24T10:00:01.500Z'), event('E1', 'AVAILABLE', '2026-11-24T10:00:00Z'), event('E2', 'BLOCKED', '2026-11-24T10:00:00Z')];

  it('passes a history where each EVSE ends at its newest event, in order, one request at a time', () => {
    const records = [
      patch('E1', 'AVAILABLE', '2026-11-24T10:00:00Z', [0, 10]),
      patch('E2', 'BLOCKED', '2026-11-24T10:00:00Z', [5, 12]),
      patch('E1', 'CHARGING', '2026-11-24T10:00:01Z', [11, 20]),
    ];
    expect(checkInvariants(events, records)).toEqual([]);
  });

  it('counts an EVSE in sync when the IOP holds the newest status with an older last_updated (identical statuses are not re-sent)', () => {
    const repeated = [event('E1', 'CHARGING', '2026-11-24T10:00:00Z'), event('E1', 'CHARGING', '2026-11-24T10:00:05Z')];
    expect(checkInvariants(repeated, [patch('E1', 'CHARGING', '2026-11-24T10:00:00Z', [0, 10])])).toEqual([]);
  });

  it('reports a newest status that never reached the IOP', () => {
    const later = [event('E1', 'CHARGING', '2026-11-24T10:00:00Z'), event('E1', 'AVAILABLE', '2026-11-24T10:00:05Z')];
    expect(checkInvariants(later, [patch('E1', 'CHARGING', '2026-11-24T10:00:00Z', [0, 10])])).toEqual([expect.objectContaining({ kind: 'lost', evse: 'FR/ABC/L1/E1' })]);
  });

  it('reports a final status that is not the newest event (an older event pushed last)', () => {
    const records = [
      patch('E1', 'CHARGING', '2026-11-24T10:00:01Z', [0, 10]),
      patch('E1', 'AVAILABLE', '2026-11-24T10:00:01Z', [20, 30]),
      patch('E2', 'BLOCKED', '2026-11-24T10:00:00Z', [0, 5]),
    ];
    expect(checkInvariants(events, records)).toEqual([expect.objectContaining({ kind: 'stale_final_status', evse: 'FR/ABC/L1/E1' })]);
  });

  it('reports last_updated going backwards', () => {
    const records = [
      patch('E1', 'CHARGING', '2026-11-24T10:00:01Z', [0, 10]),
      patch('E1', 'CHARGING', '2026-11-24T10:00:00Z', [20, 30]),
      patch('E2', 'BLOCKED', '2026-11-24T10:00:00Z', [0, 5]),
    ];
    const kinds = checkInvariants(events, records).map((v) => v.kind);
    expect(kinds).toContain('went_backwards');
  });

  it('reports an EVSE whose newest event never reached the IOP, and ignores failed requests', () => {
    const records = [patch('E1', 'CHARGING', '2026-11-24T10:00:01Z', [0, 10]), patch('E2', 'BLOCKED', '2026-11-24T10:00:00Z', [0, 5], { http_status: 503, ocpi_status_code: undefined })];
    expect(checkInvariants(events, records)).toEqual([expect.objectContaining({ kind: 'lost', evse: 'FR/ABC/L1/E2', detail: expect.stringContaining('holds nothing') })]);
  });

  it('reports two requests in flight for one EVSE, even when a long one overlaps a later one', () => {
    const records = [
      patch('E1', 'AVAILABLE', '2026-11-24T10:00:00Z', [0, 100]),
      patch('E1', 'AVAILABLE', '2026-11-24T10:00:00Z', [10, 20]),
      patch('E1', 'CHARGING', '2026-11-24T10:00:01Z', [50, 60]),
      patch('E2', 'BLOCKED', '2026-11-24T10:00:00Z', [0, 5]),
    ];
    expect(checkInvariants(events, records).filter((v) => v.kind === 'concurrent_requests')).toHaveLength(2);
  });

  it('counts a Location PUT as setting each of its EVSEs; events tied in charger time may end in either status, never another', () => {
    // Two senders, neither waiting for the other: nothing orders these two events.
    const tied = [event('E1', 'AVAILABLE', '2026-11-24T10:00:00Z', '2026-11-24T10:00:05Z'), event('E1', 'OUTOFORDER', '2026-11-24T10:00:00Z', '2026-11-24T10:00:09Z')];
    const put = (status: string): IopRecord => ({
      ...patch('E1', 'x', 'x', [0, 10]),
      method: 'PUT',
      path: '/ocpi/emsp/2.2.1/locations/FR/ABC/L1',
      evse_uid: undefined,
      body: { id: 'L1', last_updated: '2026-11-24T10:00:00Z', evses: [{ uid: 'E1', status, last_updated: '2026-11-24T10:00:00Z' }] },
    });
    expect(checkInvariants(tied, [put('OUTOFORDER')])).toEqual([]);
    expect(checkInvariants(tied, [put('AVAILABLE')])).toEqual([]);
    expect(checkInvariants(tied, [put('CHARGING')])).toEqual([expect.objectContaining({ kind: 'stale_final_status' })]);
  });

  it('reports a PATCH of an EVSE while a PUT of its Location is in flight', () => {
    const put: IopRecord = {
      ...patch('E1', 'x', 'x', [0, 100]),
      method: 'PUT',
      path: '/ocpi/emsp/2.2.1/locations/FR/ABC/L1',
      evse_uid: undefined,
      body: { id: 'L1', last_updated: '2026-11-24T10:00:00Z', evses: [{ uid: 'E1', status: 'AVAILABLE', last_updated: '2026-11-24T10:00:00Z' }] },
    };
    const overlapping = checkInvariants([event('E1', 'CHARGING', '2026-11-24T10:00:01Z')], [put, patch('E1', 'CHARGING', '2026-11-24T10:00:01Z', [50, 150])]);
    expect(overlapping).toEqual([expect.objectContaining({ kind: 'concurrent_requests', evse: 'L1/E1' })]);
  });

  it('reports a last_updated later than the request that carried it', () => {
    const future = checkInvariants([event('E2', 'BLOCKED', '2026-11-24T10:00:00Z')], [patch('E2', 'BLOCKED', '2026-11-24T10:00:07Z', [0, 5])]);
    expect(future).toEqual([expect.objectContaining({ kind: 'future_last_updated', evse: 'FR/ABC/L1/E2' })]);
  });
});
