import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type EvseStatusEventV1, evseKey, locationKey } from '@app/messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { LocationStoreService } from '../location-store/location-store.service';
import { applyEvseStatus } from '../location-store/location-revision';
import { lockedChangeStamp } from '../location-store/last-updated-barrier';
import { SAME_LOCATION_SQL, type StoredLocation } from '../location-store/stored-location';
import { LocationOutboxService } from '../outbox/location-outbox.service';

export interface StatusBatchResult {
  /** EVSEs whose OCPI status changed (last_updated moved, change published). */
  changed: number;
  /** Events that were the newest for their EVSE but repeated its status (or it is REMOVED). */
  unchanged: number;
  /** Events older than the status already stored for their EVSE. */
  stale: number;
  /** Events for a Location or EVSE we do not have. */
  unknown: number;
}

interface Row {
  seq: string;
  country_code: string;
  party_id: string;
  id: string;
  body: StoredLocation;
  evse_status_times: Record<string, string>;
}

/**
 * Applies charger status events to the stored EVSEs, a Kafka batch at a time.
 * Per EVSE the newest event time wins (ties: the later event in the partition);
 * the stored per-EVSE event time makes a replayed or late event harmless. A
 * status that really changes moves the EVSE's and the Location's last_updated
 * and publishes the Location ('evse-status'), so a delta pull and the other
 * apps both see it.
 */
@Injectable()
export class EvseStatusService {
  private readonly logger = new Logger(EvseStatusService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly store: LocationStoreService,
    private readonly outbox: LocationOutboxService,
  ) {}

  async apply(events: EvseStatusEventV1[]): Promise<StatusBatchResult> {
    const newest = new Map<string, EvseStatusEventV1>();
    for (const event of events) {
      const key = evseKey(event);
      const kept = newest.get(key);
      if (!kept || Date.parse(event.event_time) >= Date.parse(kept.event_time)) newest.set(key, event);
    }
    const byLocation = new Map<string, EvseStatusEventV1[]>();
    for (const event of newest.values()) {
      const key = locationKey(event);
      byLocation.set(key, [...(byLocation.get(key) ?? []), event]);
    }
    const result = await this.db.transaction((manager) => this.applyByLocation(manager, byLocation, events.length - newest.size));
    if (result.changed > 0) this.outbox.committed();
    return result;
  }

  private async applyByLocation(manager: EntityManager, byLocation: Map<string, EvseStatusEventV1[]>, superseded: number): Promise<StatusBatchResult> {
    const result: StatusBatchResult = { changed: 0, unchanged: 0, stale: superseded, unknown: 0 };
    const stamp = await lockedChangeStamp(manager);
    const keys = [...byLocation.values()].map(([first]) => first);
    // Rows locked in seq order, as every writer does, so concurrent writers cannot deadlock.
    const rows: Row[] = await manager.query(
      `SELECT l.seq, l.country_code, l.party_id, l.id, l.body, l.evse_status_times
       FROM locations l JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(country_code, party_id, id)
         ON ${SAME_LOCATION_SQL}
       ORDER BY l.seq FOR UPDATE OF l`,
      [keys.map((k) => k.country_code), keys.map((k) => k.party_id), keys.map((k) => k.location_id)],
    );
    const found = new Set<string>();
    const updates: Update[] = [];
    for (const row of rows) {
      const key = locationKey({ country_code: row.country_code, party_id: row.party_id, location_id: row.id });
      found.add(key);
      const update = applyToRow(row, byLocation.get(key) ?? [], stamp, result);
      if (update) updates.push(update);
    }
    for (const [key, events] of byLocation) if (!found.has(key)) result.unknown += events.length;

    if (updates.length > 0) {
      // JSON arrays, not jsonb[] (see LocationStoreService.insert).
      await manager.query(
        `UPDATE locations AS l SET body = b.body, last_updated = (b.body->>'last_updated')::timestamptz, evse_status_times = t.times
         FROM unnest($1::bigint[]) WITH ORDINALITY AS s(seq, n)
           JOIN jsonb_array_elements($2::jsonb) WITH ORDINALITY AS b(body, n) USING (n)
           JOIN jsonb_array_elements($3::jsonb) WITH ORDINALITY AS t(times, n) USING (n)
         WHERE l.seq = s.seq`,
        [updates.map((u) => u.row.seq), JSON.stringify(updates.map((u) => u.body)), JSON.stringify(updates.map((u) => u.times))],
      );
    }
    const changed = updates.filter((u) => u.body !== u.row.body);
    const bindings = await this.store.bindings(
      manager,
      changed.map((u) => u.row.seq),
    );
    await this.outbox.enqueue(
      manager,
      changed.map((u) => ({ location: u.body, change: 'evse-status', bindings: bindings.get(u.row.seq) ?? [] })),
    );
    if (result.unknown > 0 || result.stale > 0) this.logger.debug(result, 'status events not applied');
    return result;
  }
}

interface Update {
  row: Row;
  body: StoredLocation;
  times: Record<string, string>;
}

/** One Location's events applied in memory: the new body and status times, or undefined when nothing is to be written. */
function applyToRow(row: Row, events: EvseStatusEventV1[], stamp: string, result: StatusBatchResult): Update | undefined {
  let body = row.body;
  const times = { ...row.evse_status_times };
  for (const event of events) {
    const storedTime = times[event.evse_uid];
    if (!body.evses?.some((e) => e.uid === event.evse_uid)) {
      result.unknown += 1;
    } else if (storedTime !== undefined && Date.parse(event.event_time) < Date.parse(storedTime)) {
      result.stale += 1;
    } else {
      times[event.evse_uid] = event.event_time;
      const changed = applyEvseStatus(body, event.evse_uid, event.status, stamp);
      if (changed) {
        body = changed;
        result.changed += 1;
      } else {
        result.unchanged += 1;
      }
    }
  }
  return body !== row.body || !sameTimes(times, row.evse_status_times) ? { row, body, times } : undefined;
}

function sameTimes(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
