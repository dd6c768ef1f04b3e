import { type IopRecord, isSuccess, type Violation } from './invariant-checker';

/** A Location as the CPO last set it through locations-api (the editor's record of its answered edits). */
export interface ExpectedLocation {
  id: string;
  publish: boolean;
  evses: { uid: string; removed: boolean; connectors: { id: string; tariff_ids: string[] }[] }[];
}

interface HeldEvse {
  status?: string;
  tariffs: Map<string, string[]>;
}

interface HeldLocation {
  publish?: boolean;
  evses: Map<string, HeldEvse>;
}

/**
 * What the IOP holds of each edited Location, rebuilt from the requests it
 * applied, in the order it applied them (a PUT sets all, an EVSE PATCH its
 * status, a connector PATCH its tariffs), against the CPO's last answered
 * edits: the EVSEs, their tariffs, `publish`, and REMOVED for each EVSE the
 * back office removed (whatever its charger said afterwards).
 */
export function checkLocations(expected: readonly ExpectedLocation[], records: readonly IopRecord[]): Violation[] {
  const held = heldLocations(records);
  const violations: Violation[] = [];
  for (const location of expected) {
    const iop = held.get(location.id);
    const add = (evse: string, detail: string, kind: Violation['kind'] = 'stale_location') => violations.push({ kind, evse, detail });
    if (!iop) {
      add(location.id, 'never PUT');
      continue;
    }
    if (iop.publish !== location.publish) add(location.id, `publish ${String(iop.publish)} at the IOP, ${String(location.publish)} in locations-api`);
    const uids = [...iop.evses.keys()].sort().join(',');
    const wanted = location.evses
      .map((e) => e.uid)
      .sort()
      .join(',');
    if (uids !== wanted) add(location.id, `EVSEs ${uids} at the IOP, ${wanted} in locations-api`);
    for (const evse of location.evses) {
      const at = iop.evses.get(evse.uid);
      if (!at) continue;
      const key = `${location.id}/${evse.uid}`;
      if (evse.removed && at.status !== 'REMOVED') add(key, `removed in locations-api; the IOP holds ${at.status ?? 'no status'}`, 'removed_never_arrived');
      for (const connector of evse.connectors) {
        const tariffs = at.tariffs.get(connector.id);
        if (tariffs?.join(',') !== connector.tariff_ids.join(','))
          add(key, `connector ${connector.id}: tariffs ${tariffs?.join(',') ?? 'none'} at the IOP, ${connector.tariff_ids.join(',')} in locations-api`);
      }
    }
  }
  return violations;
}

function heldLocations(records: readonly IopRecord[]): Map<string, HeldLocation> {
  const held = new Map<string, HeldLocation>();
  for (const record of records.filter(isSuccess).sort((a, b) => a.seq - b.seq)) {
    if (record.method === 'GET' || record.location_id === undefined) continue;
    const body = (record.body ?? {}) as Record<string, unknown>;
    if (record.evse_uid === undefined || record.evse_uid === null) {
      if (record.method === 'PUT') held.set(record.location_id, fromPut(body));
      continue;
    }
    const evse = held.get(record.location_id)?.evses.get(record.evse_uid);
    if (!evse) continue; // a PATCH for an EVSE the IOP does not know changes nothing we check
    if (record.connector_id !== undefined && record.connector_id !== null) {
      const tariffs = tariffsOf(body);
      if (tariffs) evse.tariffs.set(record.connector_id, tariffs);
    } else if (typeof body.status === 'string') {
      evse.status = body.status;
    }
  }
  return held;
}

function fromPut(body: Record<string, unknown>): HeldLocation {
  const evses = new Map<string, HeldEvse>();
  for (const evse of (Array.isArray(body.evses) ? body.evses : []) as Record<string, unknown>[]) {
    const connectors = (Array.isArray(evse.connectors) ? evse.connectors : []) as Record<string, unknown>[];
    evses.set(String(evse.uid), {
      status: typeof evse.status === 'string' ? evse.status : undefined,
      tariffs: new Map(connectors.map((c) => [String(c.id), tariffsOf(c) ?? []])),
    });
  }
  return { publish: typeof body.publish === 'boolean' ? body.publish : undefined, evses };
}

/** A connector's tariffs: `tariff_ids` in 2.2.1, `tariff_id` in 2.1.1. */
function tariffsOf(object: Record<string, unknown>): string[] | undefined {
  if (Array.isArray(object.tariff_ids)) return object.tariff_ids as string[];
  return typeof object.tariff_id === 'string' ? [object.tariff_id] : undefined;
}
