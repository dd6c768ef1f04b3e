import { request } from 'undici';
import type { DataSource } from 'typeorm';
import { type HeldEvseStatus, type OcpiObject, withHeldStatuses } from './location-push-plan';

/** One of our Locations as Check Locations expects the IOP to hold it (OCPI 2.2.1, live EVSE statuses). */
export interface ReferenceLocation {
  key: string;
  country_code: string;
  party_id: string;
  location_id: string;
  body: OcpiObject;
}

/** Where Check Locations reads what the IOP should hold, a page at a time. */
export interface ReferenceLocations {
  /** Named in the report. */
  readonly name: string;
  pages(): AsyncGenerator<ReferenceLocation[]>;
}

const PAGE = 200;
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * locations-api, the system of record: its Locations carry the status of each
 * EVSE's newest charger event and the back office's edits, whether or not
 * gireve-push consumed or recorded them right.
 */
export class LocationsApiReference implements ReferenceLocations {
  readonly name: string;

  constructor(
    private readonly baseUrl: string,
    private readonly adminKey: string,
  ) {
    this.name = `locations-api (${new URL(baseUrl).origin}, the system of record)`;
  }

  async *pages(): AsyncGenerator<ReferenceLocation[]> {
    for (let after: string | null = '0'; after !== null;) {
      const url = new URL('admin/locations', this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`);
      url.search = new URLSearchParams({ after, limit: String(PAGE) }).toString();
      const response = await request(url, { headers: { 'x-api-key': this.adminKey }, headersTimeout: REQUEST_TIMEOUT_MS, bodyTimeout: REQUEST_TIMEOUT_MS });
      if (response.statusCode !== 200) {
        await response.body.dump();
        throw new Error(`locations-api answered ${response.statusCode} to GET ${url.pathname}`);
      }
      const page = (await response.body.json()) as { locations: OcpiObject[]; next_after: string | null };
      yield page.locations.map((body) => {
        const [country_code, party_id, location_id] = [body.country_code, body.party_id, body.id].map(String) as [string, string, string];
        return { key: `${country_code}/${party_id}/${location_id}`, country_code, party_id, location_id, body };
      });
      after = page.next_after;
    }
  }
}

/**
 * gireve-push's own store: the newest Location it consumed, each EVSE with
 * the status of its newest accepted charger event (or its back-office status).
 * It cannot see what gireve-push never consumed or recorded wrongly.
 */
export class OutboxReference implements ReferenceLocations {
  readonly name = "gireve-push's own store (set LOCATIONS_API_URL to compare with locations-api, the system of record)";

  constructor(private readonly db: DataSource) {}

  async *pages(): AsyncGenerator<ReferenceLocation[]> {
    for (let after = ''; ;) {
      const page: { location_key: string; country_code: string; party_id: string; location_id: string; body: OcpiObject }[] = await this.db.query(
        `SELECT location_key, country_code, party_id, location_id, body FROM location_push_state
         WHERE location_key > $1 ORDER BY location_key LIMIT $2`,
        [after, PAGE],
      );
      if (page.length === 0) return;
      const live = await this.liveStatuses(page.map((location) => location.location_key));
      yield page.map(({ location_key, body, ...codes }) => ({
        key: location_key,
        ...codes,
        body: withHeldStatuses(body, live.get(location_key) ?? new Map()),
      }));
      after = page[page.length - 1].location_key;
    }
  }

  /** The newest accepted event of each EVSE (rows made by a Location alone have none: event_time -infinity). */
  private async liveStatuses(locationKeys: string[]): Promise<Map<string, Map<string, HeldEvseStatus>>> {
    const rows: { location_key: string; evse_uid: string; status: string }[] = await this.db.query(
      `SELECT location_key, evse_uid, status FROM evse_push_state WHERE location_key = ANY($1) AND event_time > '-infinity'`,
      [locationKeys],
    );
    const byLocation = new Map<string, Map<string, HeldEvseStatus>>();
    for (const row of rows) {
      const evses = byLocation.get(row.location_key) ?? new Map<string, HeldEvseStatus>();
      evses.set(row.evse_uid, { pushed_status: row.status, last_sent_at: null });
      byLocation.set(row.location_key, evses);
    }
    return byLocation;
  }
}
