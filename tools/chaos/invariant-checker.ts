/**
 * The invariants the push must keep, checked over what was accepted (every
 * status event on Kafka) and what the IOP received (the simulator's record).
 * Pure: the chaos run and the tests collect the inputs (see collectors.ts).
 */

/** An accepted status event, as on ocpi.evse-status.v1. */
export interface AcceptedEvent {
  country_code: string;
  party_id: string;
  location_id: string;
  evse_uid: string;
  status: string;
  event_time: string;
  received_at: string;
}

/** One request the IOP received (iop-simulator GET /admin/requests). */
export interface IopRecord {
  seq: number;
  method: string;
  path: string;
  location_id?: string;
  evse_uid?: string;
  connector_id?: string;
  body: unknown;
  received_at: string;
  completed_at?: string;
  http_status: number;
  ocpi_status_code?: number;
}

export type ViolationKind =
  'stale_final_status' | 'lost' | 'went_backwards' | 'future_last_updated' | 'concurrent_requests' | 'swallowed_transition' | 'stale_location' | 'removed_never_arrived' | 'edit_refused';

export interface Violation {
  kind: ViolationKind;
  evse: string;
  detail: string;
}

interface IopState {
  status: string;
  lastUpdated: number;
}

/**
 * (a) every EVSE ends with the status of its newest accepted event (newest by
 * charger time; events of one EVSE with the same time were not ordered by
 * their senders, so any of them may end it); (b) the `last_updated` the IOP
 * accepts for an EVSE never goes backwards, and is never later than the
 * request that carried it; (c) never two writes in flight for one EVSE, a
 * Location PUT counting for each EVSE it carries; (d) no accepted event lost:
 * an EVSE whose IOP status differs from its newest event's, with an older
 * last_updated, never got it ("lost"); with a newer one, something older
 * overwrote it ("stale_final_status"). EVSEs in `removed` (the back office
 * removed them) are left to checkLocations.
 */
export function checkInvariants(events: readonly AcceptedEvent[], records: readonly IopRecord[], removed: ReadonlySet<string> = new Set()): Violation[] {
  const violations: Violation[] = [];
  const newest = newestPerEvse(events);
  const held = new Map<string, IopState>();
  const successes = records.filter(isSuccess).sort((a, b) => a.seq - b.seq);
  for (const record of successes) {
    for (const [evse, state] of evseStatesOf(record)) {
      const before = held.get(evse);
      if (before && state.lastUpdated < before.lastUpdated) {
        violations.push({ kind: 'went_backwards', evse, detail: `request #${record.seq} set last_updated ${iso(state.lastUpdated)} after ${iso(before.lastUpdated)}` });
      }
      // Whole seconds are sent: a time within the second the IOP received the request is not in the future.
      if (state.lastUpdated >= Date.parse(record.received_at) + 1000) {
        violations.push({ kind: 'future_last_updated', evse, detail: `request #${record.seq} received at ${record.received_at} set last_updated ${iso(state.lastUpdated)}` });
      }
      held.set(evse, state);
    }
  }
  for (const [evse, tied] of newest) {
    // Removed by the back office: it ends REMOVED whatever its charger said (see checkLocations).
    if (removed.has(evse)) continue;
    const state = held.get(evse);
    // The same status is not sent twice (store-and-forward coalesces): an older last_updated with it is in sync.
    if (tied.some((event) => event.status === state?.status)) continue;
    const event = tied[0]!;
    const statuses = [...new Set(tied.map((e) => e.status))].join(' or ');
    const eventSecond = Math.floor(Date.parse(event.event_time) / 1000) * 1000;
    const holds = state ? `${state.status} at ${iso(state.lastUpdated)}` : 'nothing';
    if (!state || state.lastUpdated < eventSecond) {
      violations.push({ kind: 'lost', evse, detail: `newest event ${statuses} at ${event.event_time} never reached the IOP, which holds ${holds}` });
    } else {
      violations.push({ kind: 'stale_final_status', evse, detail: `newest event says ${statuses} at ${event.event_time}; the IOP holds ${holds}` });
    }
  }
  violations.push(...concurrentRequests(records));
  return violations;
}

/** Per EVSE, its newest accepted events: those with the latest charger time (several when tied). */
function newestPerEvse(events: readonly AcceptedEvent[]): Map<string, AcceptedEvent[]> {
  const newest = new Map<string, AcceptedEvent[]>();
  for (const event of events) {
    const key = `${event.country_code}/${event.party_id}/${event.location_id}/${event.evse_uid}`;
    const kept = newest.get(key);
    const [time, keptTime] = [Date.parse(event.event_time), kept ? Date.parse(kept[0]!.event_time) : Number.NEGATIVE_INFINITY];
    if (time > keptTime) newest.set(key, [event]);
    else if (time === keptTime) kept!.push(event);
  }
  return newest;
}

/** The IOP applied the request: a 2xx with OCPI 1000 (a reset is recorded as HTTP 0). */
export function isSuccess(record: IopRecord): boolean {
  return record.http_status >= 200 && record.http_status < 300 && (record.ocpi_status_code === undefined || record.ocpi_status_code === 1000);
}

/** The EVSE states a successful request set: a PATCH of one EVSE, or a PUT of a Location with its EVSEs (or of one EVSE). */
function evseStatesOf(record: IopRecord): [string, IopState][] {
  const [countryCode, partyId] = partyOf(record);
  const body = (record.body ?? {}) as Record<string, unknown>;
  if (record.evse_uid !== undefined) {
    if (typeof body.status !== 'string' || typeof body.last_updated !== 'string') return [];
    return [[`${countryCode}/${partyId}/${record.location_id}/${record.evse_uid}`, { status: body.status, lastUpdated: Date.parse(body.last_updated) }]];
  }
  if (record.method !== 'PUT' || !Array.isArray(body.evses)) return [];
  return (body.evses as Record<string, unknown>[])
    .filter((evse) => typeof evse.uid === 'string' && typeof evse.status === 'string')
    .map((evse) => [
      `${countryCode}/${partyId}/${record.location_id}/${evse.uid as string}`,
      { status: evse.status as string, lastUpdated: Date.parse(String(evse.last_updated ?? body.last_updated ?? 0)) || 0 },
    ]);
}

/** Country and party from the request path (…/locations/{country}/{party}/{location}…). */
function partyOf(record: IopRecord): [string, string] {
  const match = /\/locations\/([^/]+)\/([^/]+)\//.exec(`${record.path}/`);
  return match ? [match[1]!, match[2]!] : ['FR', 'ABC'];
}

/** Writes for one EVSE whose [received, completed] intervals overlap; a Location PUT is a write of each EVSE it carries. */
function concurrentRequests(records: readonly IopRecord[]): Violation[] {
  const byEvse = new Map<string, IopRecord[]>();
  for (const record of records) {
    if (record.method === 'GET' || record.completed_at === undefined) continue;
    for (const key of evsesWritten(record)) byEvse.set(key, [...(byEvse.get(key) ?? []), record]);
  }
  const violations: Violation[] = [];
  for (const [evse, list] of byEvse) {
    const sorted = [...list].sort((a, b) => Date.parse(a.received_at) - Date.parse(b.received_at) || a.seq - b.seq);
    let open = sorted[0]!;
    for (const current of sorted.slice(1)) {
      if (Date.parse(current.received_at) < Date.parse(open.completed_at!)) {
        violations.push({ kind: 'concurrent_requests', evse, detail: `request #${current.seq} (${current.method}) arrived while #${open.seq} (${open.method}) was in flight` });
      }
      if (Date.parse(current.completed_at!) > Date.parse(open.completed_at!)) open = current;
    }
  }
  return violations;
}

/** The EVSEs a write is about: the one in its path, or each one a Location PUT carries. */
function evsesWritten(record: IopRecord): string[] {
  if (record.evse_uid !== undefined && record.evse_uid !== null) return [`${record.location_id}/${record.evse_uid}`];
  const evses = (record.body as { evses?: unknown } | null)?.evses;
  if (record.method !== 'PUT' || !Array.isArray(evses)) return [];
  return evses.filter((evse): evse is { uid: string } => typeof (evse as { uid?: unknown }).uid === 'string').map((evse) => `${record.location_id}/${evse.uid}`);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
