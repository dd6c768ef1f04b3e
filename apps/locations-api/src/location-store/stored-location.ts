import { EvseStatus, formatOcpiDateTime } from '@app/ocpi';

/** The parts of a stored OCPI 2.2.1 Location this app reads or changes; the rest is carried as is. */
export interface StoredConnector {
  id: string;
  last_updated: string;
  [field: string]: unknown;
}

export interface StoredEvse {
  uid: string;
  status: EvseStatus;
  connectors: StoredConnector[];
  last_updated: string;
  [field: string]: unknown;
}

export interface StoredLocation {
  country_code: string;
  party_id: string;
  id: string;
  publish: boolean;
  evses?: StoredEvse[];
  last_updated: string;
  [field: string]: unknown;
}

/**
 * The `last_updated` we stamp on a change made now: whole seconds (how OCPI
 * DateTimes are served) rounded UP, so the stamp is never earlier than the
 * change and a delta pull whose date_from is any instant before the change
 * still returns it.
 */
export function changeStamp(now: Date = new Date()): string {
  return formatOcpiDateTime(new Date(Math.ceil(now.getTime() / 1000) * 1000));
}

/** OCPI 2.2.1 ids are CiStrings: compared case-insensitively. */
export function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * SQL: the stored Location `l` is the one keyed `k` (country_code, party_id,
 * id). Matched by lower(id) too, as the unique index has it: on id alone, with
 * no statistics yet (a bulk import), PostgreSQL read that index by country and
 * party and filtered every Location of the party for each row (an import of
 * 25,000 went quadratic, 1 s a chunk of 500).
 */
export const SAME_LOCATION_SQL = 'l.country_code = k.country_code AND l.party_id = k.party_id AND lower(l.id) = lower(k.id) AND l.id = k.id';
