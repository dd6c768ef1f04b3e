import { Injectable } from '@nestjs/common';
import { compareLocationChanges, evseKey, type LocationChangedV1, locationKey } from '@app/messaging';
import { type OcpiVersion, toV211 } from '@app/ocpi';
import { DataSource, type EntityManager } from 'typeorm';
import { IopTrafficService } from '../delivery/iop-traffic.service';
import { GirevePushSettings } from '../gireve-push.settings';
import type { ClaimedPush, PushOutbox, PushOutcome } from '../delivery/push-outbox';
import { inKeyOrder, leasedRowsInKeyOrder, type Queryable, reassertAt, renewLeases, retryOnDeadlock, updateCount, updateReturning } from '../database/sql';
import { BACK_OFFICE_STATUSES, type HeldEvseStatus, isSharedIn, type OcpiObject, planLocationPush, staticPart, withHeldStatuses } from './location-push-plan';

/** A Location change as consumed, with the correlation id of its Kafka header. */
export interface ConsumedLocation {
  change: LocationChangedV1;
  correlationId: string | null;
}

interface EvseRow extends HeldEvseStatus {
  evse_key: string;
  location_key: string;
  evse_uid: string;
}

/** A claimed Location row, with the desired status of each of its EVSEs the status outbox knows. */
export interface ClaimedLocation extends ClaimedPush {
  country_code: string;
  party_id: string;
  location_id: string;
  body: OcpiObject;
  /** The claimed snapshot's static part: the row is in sync after this push unless a newer snapshot changed it. */
  static_body: OcpiObject | null;
  correlation_id: string | null;
  pushed_body: OcpiObject | null;
  evses: EvseRow[];
  /** The end of the ambiguity window the claim read (see reassertAt), and whether it is over: the Location is then PUT again. */
  reassert_at: Date | null;
  reassert_due: boolean;
  /** Set by deliver when it PUT the whole Location: the EVSE statuses the IOP now holds, and their last_updated. */
  putStatuses?: { evse_uid: string; status: string; last_updated: Date }[];
}

/** A Location PUT waits this long for its EVSEs' status PATCHes in flight (none starts meanwhile: see the EVSE claim). */
export const BUSY_RETRY_MS = 200;

/** The stored snapshot and the new one differ in more than statuses and times: the Location is to be pushed. */
const STATIC_CHANGE = 's.static_body IS DISTINCT FROM excluded.static_body';

/**
 * The Location outbox (table location_push_state): the consumer records the
 * newest version of each Location the CPO edited; the dispatcher PUTs it, or
 * PATCHes the connectors whose tariffs alone changed. While a Location is being
 * pushed none of its EVSEs' statuses is (and the reverse), so the PUT, which
 * carries the EVSEs' newest statuses, never overtakes or is overtaken by a PATCH.
 */
@Injectable()
export class LocationOutboxService implements PushOutbox<ClaimedLocation> {
  readonly kind = 'location' as const;

  private readonly reassertAfterMs: number;

  constructor(
    private readonly db: DataSource,
    private readonly traffic: IopTrafficService,
    settings: GirevePushSettings,
  ) {
    this.reassertAfterMs = settings.STATUS_REASSERT_AFTER_MS;
  }

  /**
   * Stores the newest snapshot of each Location (by revision: see
   * LocationChangedV1). Every message is a snapshot, 'evse-status' ones too:
   * compaction may have removed the edit before it. A snapshot whose static
   * part (see staticPart) equals the stored one changes only statuses, which
   * the status pipeline delivers: it is stored, not pushed.
   */
  async record(batch: ConsumedLocation[]): Promise<void> {
    const newest = new Map<string, ConsumedLocation>();
    for (const consumed of batch) {
      const key = locationKey(consumed.change);
      const kept = newest.get(key);
      if (!kept || compareLocationChanges(consumed.change, kept.change) >= 0) newest.set(key, consumed);
    }
    if (newest.size === 0) return;
    const rows = [...newest.entries()].sort(inKeyOrder(([key]) => key));
    const column = <V>(pick: (key: string, consumed: ConsumedLocation) => V) => rows.map(([key, consumed]) => pick(key, consumed));
    await this.transaction(async (db) => {
      const stored: { location_key: string }[] = await db.query(
        `INSERT INTO location_push_state AS s
           (location_key, country_code, party_id, location_id, body, static_body, changed_at, revision, correlation_id, pending_since, next_attempt_at)
         SELECT e.location_key, e.country_code, e.party_id, e.location_id, e.body::jsonb, e.static_body::jsonb, e.changed_at, e.revision, e.correlation_id, now(), now()
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::bigint[], $9::text[])
           AS e(location_key, country_code, party_id, location_id, body, static_body, changed_at, revision, correlation_id)
         ON CONFLICT (location_key) DO UPDATE SET
           body = excluded.body,
           static_body = excluded.static_body,
           changed_at = excluded.changed_at,
           revision = excluded.revision,
           correlation_id = CASE WHEN ${STATIC_CHANGE} THEN excluded.correlation_id ELSE s.correlation_id END,
           pending_since = CASE WHEN ${STATIC_CHANGE} THEN COALESCE(s.pending_since, now()) ELSE s.pending_since END,
           -- due now if in sync, parked, or only waiting for its re-assertion (no failed attempt); a backoff or a lease stands
           next_attempt_at = CASE WHEN ${STATIC_CHANGE} AND (s.pending_since IS NULL OR s.parked_at IS NOT NULL)
                             THEN GREATEST(s.next_attempt_at, now())
                             WHEN ${STATIC_CHANGE} AND s.reassert_at IS NOT NULL AND s.lease_owner IS NULL AND s.attempts = 0
                             THEN LEAST(s.next_attempt_at, now()) ELSE s.next_attempt_at END,
           attempts = CASE WHEN ${STATIC_CHANGE} AND s.parked_at IS NOT NULL THEN 0 ELSE s.attempts END,
           parked_at = CASE WHEN ${STATIC_CHANGE} THEN NULL ELSE s.parked_at END,
           parked_reason = CASE WHEN ${STATIC_CHANGE} THEN NULL ELSE s.parked_reason END
         WHERE (excluded.revision, excluded.changed_at) > (s.revision, s.changed_at)
         RETURNING location_key`,
        [
          column((key) => key),
          column((_, { change }) => change.country_code),
          column((_, { change }) => change.party_id),
          column((_, { change }) => change.location_id),
          column((_, { change }) => JSON.stringify(change.location)),
          column((_, { change }) => JSON.stringify(staticPart(change.location))),
          column((_, { change }) => change.changed_at),
          column((_, { change }) => change.revision ?? 0),
          column((_, { correlationId }) => correlationId),
        ],
      );
      const applied = new Set(stored.map((row) => row.location_key));
      await this.recordBackOfficeStatuses(
        db,
        rows.filter(([key]) => applied.has(key)).map(([, consumed]) => consumed.change),
      );
    });
  }

  /** A transaction, run again if PostgreSQL made it a deadlock victim (see retryOnDeadlock). */
  private transaction<T>(work: (db: EntityManager) => Promise<T>): Promise<T> {
    return retryOnDeadlock(() => this.db.transaction(work));
  }

  /**
   * Each EVSE's back-office status (REMOVED, PLANNED, or none): while it is
   * set, the status pipeline holds charger statuses back; the Location PUT
   * carries it to the IOP.
   */
  private async recordBackOfficeStatuses(db: EntityManager, changes: LocationChangedV1[]): Promise<void> {
    const evses = changes
      .flatMap((change) =>
        (Array.isArray(change.location.evses) ? (change.location.evses as OcpiObject[]) : [])
          .filter((evse) => typeof evse.uid === 'string')
          .map((evse) => ({
            key: evseKey({ ...change, evse_uid: evse.uid as string }),
            location_key: locationKey(change),
            change,
            evse_uid: evse.uid as string,
            office_status: BACK_OFFICE_STATUSES.has(String(evse.status)) ? String(evse.status) : null,
          })),
      )
      .sort(inKeyOrder((evse) => evse.key));
    if (evses.length === 0) return;
    await db.query(
      // A row made here has no event yet: '-infinity' lets any real event be newer.
      `INSERT INTO evse_push_state AS s
         (evse_key, location_key, country_code, party_id, location_id, evse_uid, status, event_time, received_at, office_status, pending_since, next_attempt_at)
       SELECT e.evse_key, e.location_key, e.country_code, e.party_id, e.location_id, e.evse_uid, 'UNKNOWN', '-infinity', now(), e.office_status, NULL, now()
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
         AS e(evse_key, location_key, country_code, party_id, location_id, evse_uid, office_status)
       ON CONFLICT (evse_key) DO UPDATE SET office_status = excluded.office_status
       WHERE s.office_status IS DISTINCT FROM excluded.office_status`,
      [
        evses.map((e) => e.key),
        evses.map((e) => e.location_key),
        evses.map((e) => e.change.country_code),
        evses.map((e) => e.change.party_id),
        evses.map((e) => e.change.location_id),
        evses.map((e) => e.evse_uid),
        evses.map((e) => e.office_status),
      ],
    );
  }

  /**
   * Due Locations, oldest first. A Location is taken only when none of its
   * EVSEs has a status request in flight: the exclusive advisory lock on the
   * Location waits out EVSE claims in progress (they hold it shared), then the
   * EVSE leases are checked; a busy Location is tried again shortly.
   */
  async claim(lease: string, limit: number, leaseMs: number, inFlight: string[]): Promise<ClaimedLocation[]> {
    return this.transaction(async (db) => {
      const due: { location_key: string }[] = await db.query(
        `SELECT location_key FROM location_push_state
         WHERE pending_since IS NOT NULL AND parked_at IS NULL AND next_attempt_at <= now() AND NOT (location_key = ANY($2::text[]))
         ORDER BY pending_since LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit, inFlight],
      );
      const keys = due.map((row) => row.location_key).sort();
      if (keys.length === 0) return [];
      for (const key of keys) await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
      const evses: (EvseRow & { leased: boolean })[] = await db.query(
        `SELECT evse_key, location_key, evse_uid, pushed_status, last_sent_at, (lease_owner IS NOT NULL AND next_attempt_at > now()) AS leased
         FROM evse_push_state WHERE location_key = ANY($1)`,
        [keys],
      );
      const busy = new Set(evses.filter((evse) => evse.leased).map((evse) => evse.location_key));
      if (busy.size > 0) {
        await db.query(`UPDATE location_push_state SET next_attempt_at = now() + $2 * interval '1 millisecond' WHERE location_key = ANY($1)`, [[...busy], BUSY_RETRY_MS]);
      }
      const free = keys.filter((key) => !busy.has(key));
      if (free.length === 0) return [];
      const claimed: Omit<ClaimedLocation, 'evses'>[] = await this.lease(db, lease, free, leaseMs);
      return claimed.map((location) => ({
        ...location,
        evses: evses.filter((evse) => evse.location_key === location.key).map(({ leased: _leased, ...evse }) => evse),
      }));
    });
  }

  private lease(db: EntityManager, lease: string, keys: string[], leaseMs: number): Promise<Omit<ClaimedLocation, 'evses'>[]> {
    return updateReturning(
      db,
      `UPDATE location_push_state SET lease_owner = $1, next_attempt_at = now() + $3 * interval '1 millisecond'
       WHERE location_key = ANY($2)
       RETURNING location_key AS key, lease_owner AS lease, attempts, country_code, party_id, location_id, body, static_body, correlation_id, pushed_body,
                 reassert_at, COALESCE(reassert_at <= now(), false) AS reassert_due`,
      [lease, keys, leaseMs],
    );
  }

  async deliver(item: ClaimedLocation, signal: AbortSignal): Promise<PushOutcome> {
    const { version } = await this.traffic.connection('location');
    if (!isSharedIn(version, item.body)) return 'unchanged';
    const held = new Map(item.evses.map((evse) => [evse.evse_uid, evse]));
    const withHeld = withHeldStatuses(item.body, held);
    const desired = inVersion(version, withHeld);
    // Once an ambiguity window is over, the whole Location goes again: a late-applied request may have replaced it.
    const pushed = item.pushed_body && !item.reassert_due ? inVersion(version, withHeldStatuses(item.pushed_body, held)) : null;
    const plan = planLocationPush(version, pushed, desired);
    const locationPath = [item.country_code, item.party_id, item.location_id];
    switch (plan.kind) {
      case 'none':
        return 'unchanged';
      case 'put': {
        const statuses = statusesOf(withHeld);
        // Written ahead, as for a PATCH: if the IOP applies this PUT but its answer is lost, no PATCH after it goes back in time.
        await this.recordEvseTimes(this.db, item, statuses, false);
        await this.traffic.send('location', { method: 'PUT', objectPath: locationPath, body: plan.body, correlationId: item.correlation_id }, signal);
        item.putStatuses = statuses;
        return 'sent';
      }
      case 'patch-tariffs':
        // One connector after the other: a retry resends them all, which is harmless (PATCH sets, it does not add).
        for (const patch of plan.patches) {
          await this.traffic.send(
            'connector_tariff',
            { method: 'PATCH', objectPath: [...locationPath, patch.evseUid, patch.connectorId], body: patch.body, correlationId: item.correlation_id },
            signal,
          );
        }
        return 'sent';
    }
  }

  /**
   * Records the pushed Location and, after a PUT, the EVSE statuses it
   * carried. A re-assertion (a PUT once its ambiguity window was over) ends
   * that window, unless another began meanwhile; while one is open, the row
   * stays pending, due when it ends. Always claims again after (true): the
   * Location may have changed meanwhile.
   */
  async complete(item: ClaimedLocation, outcome: PushOutcome): Promise<boolean> {
    const sent = outcome === 'sent';
    const window = 'CASE WHEN $6 AND reassert_at = $7 THEN NULL ELSE reassert_at END';
    await this.transaction(async (db) => {
      const updated = await updateCount(
        db,
        `UPDATE location_push_state SET
           pushed_body = CASE WHEN $3 THEN $4::jsonb ELSE pushed_body END,
           pushed_at = CASE WHEN $3 THEN now() ELSE pushed_at END,
           pending_since = CASE WHEN static_body IS NOT DISTINCT FROM $5::jsonb AND ${window} IS NULL THEN NULL ELSE pending_since END,
           next_attempt_at = CASE WHEN static_body IS NOT DISTINCT FROM $5::jsonb AND ${window} IS NOT NULL THEN GREATEST(${window}, now()) ELSE now() END,
           reassert_at = ${window},
           attempts = 0, last_error = NULL, lease_owner = NULL
         WHERE location_key = $1 AND lease_owner = $2`,
        [item.key, item.lease, sent, JSON.stringify(item.body), jsonOrNull(item.static_body), sent && item.reassert_due, item.reassert_at],
      );
      if (updated === 0 || !item.putStatuses) return;
      await this.recordEvseTimes(db, item, item.putStatuses, true);
    });
    return true;
  }

  /**
   * The last_updated a PUT carries for each EVSE, as last_sent_at (never moving
   * back), and once the IOP acknowledged it (`held`), the status it carried.
   * What the IOP held from the status pipeline keeps its causal position; a
   * status that came with the Location has none, so every real charger event
   * after it is still delivered (a PUT never makes "in sync" truth of its own).
   */
  private async recordEvseTimes(db: Queryable, item: ClaimedLocation, statuses: NonNullable<ClaimedLocation['putStatuses']>, held: boolean): Promise<void> {
    const sorted = [...statuses].map((s) => ({ ...s, key: evseKey({ ...item, evse_uid: s.evse_uid }) })).sort(inKeyOrder((evse) => evse.key));
    await db.query(
      `INSERT INTO evse_push_state AS e
         (evse_key, location_key, country_code, party_id, location_id, evse_uid, status, event_time, received_at,
          pushed_status, last_sent_at, pushed_at, pending_since, next_attempt_at)
       SELECT v.evse_key, $4, $5, $6, $7, v.evse_uid, v.status, '-infinity', now(),
              CASE WHEN $9 THEN v.status END, v.last_updated, CASE WHEN $9 THEN now() END, NULL, now()
       FROM unnest($1::text[], $2::text[], $3::text[], $8::timestamptz[]) AS v(evse_key, evse_uid, status, last_updated)
       ON CONFLICT (evse_key) DO UPDATE SET
         pushed_status = CASE WHEN $9 THEN excluded.status ELSE e.pushed_status END,
         last_sent_at = GREATEST(e.last_sent_at, excluded.last_sent_at),
         pushed_at = CASE WHEN $9 THEN now() ELSE e.pushed_at END`,
      [
        sorted.map((s) => s.key),
        sorted.map((s) => s.evse_uid),
        sorted.map((s) => s.status),
        item.key,
        item.country_code,
        item.party_id,
        item.location_id,
        sorted.map((s) => s.last_updated),
        held,
      ],
    );
  }

  /** `outcomeUnknown`: the IOP may still apply the request, over a later one: the Location is PUT again after the window. */
  async retry(item: ClaimedLocation, delayMs: number, reason: string, failed: boolean, outcomeUnknown = false): Promise<void> {
    await this.db.query(
      `UPDATE location_push_state SET attempts = attempts + $4, last_error = $5, lease_owner = NULL,
         next_attempt_at = now() + $3 * interval '1 millisecond',
         reassert_at = CASE WHEN $6 THEN ${reassertAt('$7')} ELSE reassert_at END
       WHERE location_key = $1 AND lease_owner = $2`,
      [item.key, item.lease, Math.round(delayMs), failed ? 1 : 0, reason, outcomeUnknown, this.reassertAfterMs],
    );
  }

  async park(item: ClaimedLocation, reason: string): Promise<void> {
    await this.db.query(
      `UPDATE location_push_state SET
         parked_at = CASE WHEN ${SAME_SNAPSHOT} THEN now() END,
         parked_reason = CASE WHEN ${SAME_SNAPSHOT} THEN $4 END,
         attempts = CASE WHEN ${SAME_SNAPSHOT} THEN attempts + 1 ELSE 0 END,
         last_error = $4, lease_owner = NULL, next_attempt_at = now()
       WHERE location_key = $1 AND lease_owner = $2`,
      [item.key, item.lease, jsonOrNull(item.static_body), reason],
    );
  }

  /** Hands rows back at shutdown; one whose request was aborted mid-flight may still be applied, so it is PUT again later. */
  async release(items: ClaimedLocation[], outcomeUnknown: boolean): Promise<void> {
    await this.db.query(
      `WITH held AS (${leasedRowsInKeyOrder('location_push_state', 'location_key')})
       UPDATE location_push_state SET lease_owner = NULL, next_attempt_at = now(),
         reassert_at = CASE WHEN $4 THEN ${reassertAt('$3')} ELSE reassert_at END
       WHERE location_key = ANY(ARRAY(SELECT key FROM held))`,
      [items.map((i) => i.key), items.map((i) => i.lease), this.reassertAfterMs, outcomeUnknown],
    );
  }

  async renew(items: ClaimedLocation[], leaseMs: number): Promise<string[]> {
    return renewLeases(this.db, 'location_push_state', 'location_key', items, leaseMs);
  }

  async resetBackoff(): Promise<void> {
    // Rows locked in key order, as every writer does, so this write cannot deadlock; none is skipped (FIFO replay).
    await this.db.query(
      `WITH waiting AS (
         SELECT location_key FROM location_push_state
         WHERE pending_since IS NOT NULL AND parked_at IS NULL AND lease_owner IS NULL AND next_attempt_at > now()
         ORDER BY location_key COLLATE "C" FOR UPDATE)
       UPDATE location_push_state SET next_attempt_at = now() WHERE location_key = ANY(ARRAY(SELECT location_key FROM waiting))`,
    );
  }
}

/** The row still holds the claimed snapshot's static part ($3): no change worth pushing arrived meanwhile. */
const SAME_SNAPSHOT = 'static_body IS NOT DISTINCT FROM $3::jsonb';

function jsonOrNull(value: OcpiObject | null): string | null {
  return value === null ? null : JSON.stringify(value);
}

/** Locations are stored in OCPI 2.2.1 shape; a 2.1.1 IOP gets them converted. */
export function inVersion(version: OcpiVersion, location: OcpiObject): OcpiObject {
  return version === '2.1.1' ? toV211(location) : location;
}

/** The status and last_updated each EVSE of the Location had in the PUT. */
function statusesOf(location: OcpiObject): NonNullable<ClaimedLocation['putStatuses']> {
  const evses = Array.isArray(location.evses) ? (location.evses as OcpiObject[]) : [];
  const fallback = new Date(String(location.last_updated));
  return evses
    .filter((evse) => typeof evse.uid === 'string' && typeof evse.status === 'string')
    .map((evse) => {
      const time = typeof evse.last_updated === 'string' ? new Date(evse.last_updated) : fallback;
      return { evse_uid: evse.uid as string, status: evse.status as string, last_updated: Number.isNaN(time.getTime()) ? fallback : time };
    });
}
