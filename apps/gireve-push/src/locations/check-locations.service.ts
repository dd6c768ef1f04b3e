import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { updateCount } from '../database/sql';
import { IopTrafficService } from '../delivery/iop-traffic.service';
import { IopEndpointsService } from '../iop/iop-endpoints.service';
import { IopRequestError } from '../iop/iop-verdict';
import { gireveKeptView } from './gireve-kept-view';
import { diffJson, type JsonDifference } from './json-diff';
import { inVersion } from './location-outbox.service';
import { type HeldEvseStatus, type OcpiObject, withHeldStatuses } from './location-push-plan';

/** What the IOP holds for one of our Locations compared with ours. */
export type LocationCheck =
  | { key: string; verdict: 'same' }
  | { key: string; verdict: 'differs'; differences: JsonDifference[] }
  | { key: string; verdict: 'missing' }
  | { key: string; verdict: 'unreadable'; reason: string };

interface StoredLocation {
  location_key: string;
  country_code: string;
  party_id: string;
  location_id: string;
  body: OcpiObject;
}

const PAGE = 200;

/** 'kept': only what GIREVE keeps as sent (gireveKeptView); 'full': every field. */
export type CheckScope = 'kept' | 'full';

/**
 * GIREVE's "Check Locations": GETs each of our Locations back from the IOP's
 * Locations receiver and compares it with ours, in the IOP's OCPI version:
 * each EVSE with the status of its newest accepted charger event (not what we
 * recorded as pushed, which would share our own mistakes), or its back-office
 * status (REMOVED, PLANNED). By default only what GIREVE keeps as sent is
 * compared (see gireveKeptView), so that a re-push is never caused by static
 * data GIREVE rewrites; 'full' compares every field. `repush` makes the workers
 * PUT again every Location that differs or is missing.
 */
@Injectable()
export class CheckLocationsService {
  constructor(
    private readonly db: DataSource,
    private readonly traffic: IopTrafficService,
    private readonly endpoints: IopEndpointsService,
  ) {}

  async *check(scope: CheckScope = 'kept'): AsyncGenerator<LocationCheck> {
    const { version } = await this.endpoints.connection();
    for (let after = ''; ; ) {
      const page: StoredLocation[] = await this.db.query(
        `SELECT location_key, country_code, party_id, location_id, body FROM location_push_state
         WHERE location_key > $1 ORDER BY location_key LIMIT $2`,
        [after, PAGE],
      );
      if (page.length === 0) return;
      const live = await this.liveStatuses(page.map((location) => location.location_key));
      for (const location of page) {
        const ours = inVersion(version, withHeldStatuses(location.body, live.get(location.location_key) ?? new Map()));
        yield await this.compare(location, ours, scope);
      }
      after = page[page.length - 1].location_key;
    }
  }

  /**
   * Forgets what the IOP acknowledged for these Locations, so the workers PUT
   * them again (with live statuses). A Location whose push holds a live lease
   * is left alone (its completion would record what it sent, and its lease
   * must stand): it is counted in `inFlight`, to be checked again. An expired
   * lease is ended, so a late completion of it records nothing.
   */
  async repush(keys: string[]): Promise<{ queued: number; inFlight: number }> {
    const queued = await updateCount(
      this.db,
      `UPDATE location_push_state SET pushed_body = NULL, pending_since = COALESCE(pending_since, now()), lease_owner = NULL,
         next_attempt_at = now(), attempts = 0, parked_at = NULL, parked_reason = NULL
       WHERE location_key = ANY($1) AND (lease_owner IS NULL OR next_attempt_at <= now())`,
      [keys],
    );
    return { queued, inFlight: keys.length - queued };
  }

  private async compare(location: StoredLocation, ours: OcpiObject, scope: CheckScope): Promise<LocationCheck> {
    const key = location.location_key;
    try {
      const response = await this.traffic.send('check', { method: 'GET', objectPath: [location.country_code, location.party_id, location.location_id] });
      const differences =
        scope === 'full' ? diffJson(ours, response.data) : diffJson(gireveKeptView(ours), gireveKeptView((response.data ?? {}) as OcpiObject));
      return differences.length === 0 ? { key, verdict: 'same' } : { key, verdict: 'differs', differences };
    } catch (error) {
      if (error instanceof IopRequestError && error.verdict.kind === 'refused' && (error.response?.httpStatus === 404 || error.response?.ocpiStatusCode === 2003)) {
        return { key, verdict: 'missing' };
      }
      return { key, verdict: 'unreadable', reason: error instanceof Error ? error.message : String(error) };
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
