import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { retryOnDeadlock, updateCount } from '../database/sql';
import { IopTrafficService } from '../delivery/iop-traffic.service';
import { IopEndpointsService } from '../iop/iop-endpoints.service';
import { IopRequestError } from '../iop/iop-verdict';
import { gireveKeptView } from './gireve-kept-view';
import { diffJson, type JsonDifference } from './json-diff';
import { inVersion } from './location-outbox.service';
import { GirevePushSettings } from '../gireve-push.settings';
import { isSharedIn, type OcpiObject } from './location-push-plan';
import { LocationsApiReference, OutboxReference, type ReferenceLocation, type ReferenceLocations } from './reference-locations';

/** What the IOP holds for one of our Locations compared with ours. */
export type LocationCheck =
  | { key: string; verdict: 'same' }
  | { key: string; verdict: 'differs'; differences: JsonDifference[] }
  | { key: string; verdict: 'missing' }
  | { key: string; verdict: 'unreadable'; reason: string };

/** 'kept': only what GIREVE keeps as sent (gireveKeptView); 'full': every field. */
export type CheckScope = 'kept' | 'full';

/**
 * GIREVE's "Check Locations": GETs each of our Locations back from the IOP's
 * Locations receiver and compares it with ours, in the IOP's OCPI version.
 * "Ours" comes from a reference (see reference-locations.ts): locations-api,
 * the system of record, or else gireve-push's own store; never what we
 * recorded as pushed, which would share our own mistakes. By default only what GIREVE keeps as sent is
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
    private readonly settings: GirevePushSettings,
  ) {}

  /** The reference `check` reads unless told otherwise: locations-api when LOCATIONS_API_URL is set. */
  reference(): ReferenceLocations {
    const { LOCATIONS_API_URL, LOCATIONS_API_ADMIN_KEY } = this.settings;
    return LOCATIONS_API_URL ? new LocationsApiReference(LOCATIONS_API_URL, LOCATIONS_API_ADMIN_KEY) : new OutboxReference(this.db);
  }

  async *check(reference: ReferenceLocations, scope: CheckScope = 'kept'): AsyncGenerator<LocationCheck> {
    const { version } = await this.endpoints.connection();
    for await (const page of reference.pages()) {
      for (const location of page) {
        // Not for the IOP in its version (unpublished, 2.1.1): what it holds is not ours to check.
        if (!isSharedIn(version, location.body)) continue;
        yield await this.compare(location, inVersion(version, location.body), scope);
      }
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
    // Rows locked in key order, as every writer does, so this write cannot deadlock with them.
    const queued = await retryOnDeadlock(() =>
      updateCount(
        this.db,
        `WITH free AS (
           SELECT location_key FROM location_push_state WHERE location_key = ANY($1) AND (lease_owner IS NULL OR next_attempt_at <= now())
           ORDER BY location_key COLLATE "C" FOR UPDATE)
         UPDATE location_push_state SET pushed_body = NULL, pending_since = COALESCE(pending_since, now()), lease_owner = NULL,
           next_attempt_at = now(), attempts = 0, parked_at = NULL, parked_reason = NULL
         WHERE location_key = ANY(ARRAY(SELECT location_key FROM free))`,
        [keys],
      ),
    );
    return { queued, inFlight: keys.length - queued };
  }

  private async compare(location: ReferenceLocation, ours: OcpiObject, scope: CheckScope): Promise<LocationCheck> {
    const { key } = location;
    try {
      const response = await this.traffic.send('check', { method: 'GET', objectPath: [location.country_code, location.party_id, location.location_id] });
      const differences = scope === 'full' ? diffJson(ours, response.data) : diffJson(gireveKeptView(ours), gireveKeptView((response.data ?? {}) as OcpiObject));
      return differences.length === 0 ? { key, verdict: 'same' } : { key, verdict: 'differs', differences };
    } catch (error) {
      if (error instanceof IopRequestError && error.verdict.kind === 'refused' && (error.response?.httpStatus === 404 || error.response?.ocpiStatusCode === 2003)) {
        return { key, verdict: 'missing' };
      }
      return { key, verdict: 'unreadable', reason: error instanceof Error ? error.message : String(error) };
    }
  }
}
