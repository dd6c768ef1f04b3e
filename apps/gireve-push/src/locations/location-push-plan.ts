import { formatOcpiDateTime, type OcpiVersion } from '@app/ocpi';
import { isDeepStrictEqual } from 'node:util';

export type OcpiObject = Record<string, unknown>;

/** What the IOP holds for one EVSE, from the EVSE status outbox. */
export interface HeldEvseStatus {
  /** The status the IOP holds (null: none pushed yet). */
  pushed_status: string | null;
  /** The last_updated last sent for the EVSE: what we send next is never earlier. */
  last_sent_at: Date | null;
}

/** Statuses set by the CPO's back office, never by a charger: they go out with the Location. */
export const BACK_OFFICE_STATUSES: ReadonlySet<string> = new Set(['REMOVED', 'PLANNED']);

/** What to send for a Location change. */
export type LocationPushPlan = { kind: 'none' } | { kind: 'put'; body: OcpiObject } | { kind: 'patch-tariffs'; patches: ConnectorTariffPatch[] };

export interface ConnectorTariffPatch {
  evseUid: string;
  connectorId: string;
  body: OcpiObject;
}

/**
 * The Location as it may be PUT: each EVSE keeps the status the IOP holds (the
 * status pipeline delivers the transitions after it, in order), except a
 * back-office status (REMOVED, PLANNED) in the Location, which wins, and an
 * EVSE the IOP holds nothing for, which goes with the Location's own status.
 * last_updated never goes back from what was last sent for an EVSE.
 */
export function withHeldStatuses(location: OcpiObject, held: ReadonlyMap<string, HeldEvseStatus>): OcpiObject {
  let newest = timeOf(location.last_updated);
  const evses = list(location.evses).map((evse) => {
    const known = held.get(String(evse.uid));
    if (!known) return evse;
    const status = BACK_OFFICE_STATUSES.has(String(evse.status)) || known.pushed_status === null || BACK_OFFICE_STATUSES.has(known.pushed_status) ? evse.status : known.pushed_status;
    const lastUpdated = Math.max(timeOf(evse.last_updated), known.last_sent_at?.getTime() ?? 0);
    newest = Math.max(newest, lastUpdated);
    return { ...evse, status, last_updated: formatOcpiDateTime(new Date(lastUpdated)) };
  });
  return { ...location, ...(location.evses === undefined ? {} : { evses }), last_updated: formatOcpiDateTime(new Date(newest)) };
}

/**
 * Whether a Location goes to an IOP speaking this version. 2.2.1 carries
 * `publish` (display, not sharing): every Location goes, with its flag. 2.1.1
 * has no such flag, so a `publish: false` Location is not PUT. One PUT before
 * it became unpublished is then left as last sent: 2.1.1 has no way to withdraw
 * a Location (marking its EVSEs REMOVED would say they are gone), so we stop
 * updating it rather than invent one.
 */
export function isSharedIn(version: OcpiVersion, location: OcpiObject): boolean {
  return version === '2.2.1' || location.publish !== false;
}

/**
 * Compares the Location the IOP acknowledged with the desired one, both in the
 * IOP's OCPI version. A change of connector tariffs alone is a PATCH of each
 * changed connector (tariff_id in 2.1.1, tariff_ids in 2.2.1), which GIREVE
 * applies in real time; any other change, or a tariff removed (a PATCH cannot
 * remove data), is a PUT of the whole Location. last_updated and EVSE statuses
 * are not compared (statuses have their own pipeline), except back-office
 * statuses: an EVSE becoming or ceasing to be REMOVED or PLANNED is a PUT.
 */
export function planLocationPush(version: OcpiVersion, pushed: OcpiObject | null, desired: OcpiObject): LocationPushPlan {
  if (pushed === null) return { kind: 'put', body: desired };
  const before = staticPart(pushed);
  const after = staticPart(desired);
  if (isDeepStrictEqual(before, after)) return { kind: 'none' };
  const field = version === '2.1.1' ? 'tariff_id' : 'tariff_ids';
  if (!isDeepStrictEqual(withoutTariffs(before, field), withoutTariffs(after, field))) return { kind: 'put', body: desired };

  const patches: ConnectorTariffPatch[] = [];
  for (const evse of list(desired.evses)) {
    const oldEvse = list(pushed.evses).find((e) => e.uid === evse.uid);
    for (const connector of list(evse.connectors)) {
      const oldConnector = list(oldEvse?.connectors).find((c) => c.id === connector.id);
      if (isDeepStrictEqual(oldConnector?.[field], connector[field])) continue;
      if (isEmpty(connector[field])) return { kind: 'put', body: desired };
      // 2.2.1 requires last_updated in every PATCH; 2.1.1 does not, but GIREVE's 2.1.1 examples carry it.
      const body: OcpiObject = { [field]: connector[field], last_updated: connector.last_updated ?? desired.last_updated };
      patches.push({ evseUid: String(evse.uid), connectorId: String(connector.id), body });
    }
  }
  return { kind: 'patch-tariffs', patches };
}

/** The Location without what changes on every status update (last_updated anywhere, charger statuses). */
export function staticPart(location: OcpiObject): OcpiObject {
  const stripped = stripKey(location, 'last_updated') as OcpiObject;
  if (stripped.evses === undefined) return stripped;
  return {
    ...stripped,
    evses: list(stripped.evses).map(({ status, ...evse }) => (BACK_OFFICE_STATUSES.has(String(status)) ? { ...evse, status } : evse)),
  };
}

function withoutTariffs(location: OcpiObject, field: string): OcpiObject {
  if (location.evses === undefined) return location;
  return {
    ...location,
    evses: list(location.evses).map((evse) => ({
      ...evse,
      connectors: list(evse.connectors).map(({ [field]: _tariff, ...connector }) => connector),
    })),
  };
}

function stripKey(value: unknown, key: string): unknown {
  if (Array.isArray(value)) return value.map((item) => stripKey(item, key));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([name]) => name !== key)
      .map(([name, item]) => [name, stripKey(item, key)]),
  );
}

/** The objects of an OCPI list field (none when absent). */
export function list(value: unknown): OcpiObject[] {
  return Array.isArray(value) ? (value as OcpiObject[]) : [];
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

function timeOf(value: unknown): number {
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isNaN(time) ? 0 : time;
}
