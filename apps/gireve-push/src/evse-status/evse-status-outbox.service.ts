import { Injectable } from '@nestjs/common';
import { type EvseStatusEventV1, evseKey, locationKey } from '@app/messaging';
import { formatOcpiDateTime } from '@app/ocpi';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Histogram } from 'prom-client';
import { DataSource } from 'typeorm';
import { IopTrafficService } from '../delivery/iop-traffic.service';
import type { ClaimedPush, PushOutbox, PushOutcome } from '../delivery/push-outbox';
import { BatchWriter } from '../database/batch-writer';
import { updateReturning } from '../database/sql';
import { PUSH_METRICS } from '../metrics/push-metrics';

/** A status event as consumed, with the correlation id of its Kafka header. */
export interface ConsumedStatus {
  event: EvseStatusEventV1;
  correlationId: string | null;
}

/** A claimed EVSE row: the newest desired status, and what the IOP holds. */
export interface ClaimedEvseStatus extends ClaimedPush {
  country_code: string;
  party_id: string;
  location_id: string;
  evse_uid: string;
  status: string;
  event_time: Date;
  received_at: Date;
  correlation_id: string | null;
  pushed_status: string | null;
}

/**
 * The EVSE status outbox (table evse_push_state): the consumer records the
 * newest status of each EVSE, the dispatcher PATCHes it to the IOP.
 */
interface Completion {
  owner: string;
  item: ClaimedEvseStatus;
  sent: boolean;
}

@Injectable()
export class EvseStatusOutboxService implements PushOutbox<ClaimedEvseStatus> {
  readonly kind = 'evse_status' as const;
  // Up to 20 ms later: only this EVSE's next push waits for it, never the IOP's copy.
  private readonly completions = new BatchWriter<Completion>((batch) => this.writeCompletions(batch), 500, 20);

  constructor(
    private readonly db: DataSource,
    private readonly traffic: IopTrafficService,
    @InjectMetric(PUSH_METRICS.latency) private readonly latency: Histogram,
  ) {}

  /**
   * Stores a batch of events in one statement. An event replaces an EVSE's
   * desired status only if it is newer (charger time, then acceptance time), so
   * late events and replays change nothing. An EVSE whose newest status is the
   * one the IOP already holds stays in sync (identical statuses are not re-sent).
   */
  async record(batch: ConsumedStatus[]): Promise<void> {
    const newest = new Map<string, ConsumedStatus>();
    for (const consumed of batch) {
      const key = evseKey(consumed.event);
      const kept = newest.get(key);
      if (!kept || !isOlder(consumed.event, kept.event)) newest.set(key, consumed);
    }
    if (newest.size === 0) return;
    // Sorted keys lock rows in one order, so concurrent writers cannot deadlock.
    const rows = [...newest.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const column = <V>(pick: (key: string, consumed: ConsumedStatus) => V) => rows.map(([key, consumed]) => pick(key, consumed));
    await this.db.query(
      `INSERT INTO evse_push_state AS s
         (evse_key, location_key, country_code, party_id, location_id, evse_uid, status, event_time, received_at, correlation_id, pending_since, next_attempt_at)
       SELECT e.*, now(), now()
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[], $10::text[])
         AS e(evse_key, location_key, country_code, party_id, location_id, evse_uid, status, event_time, received_at, correlation_id)
       ON CONFLICT (evse_key) DO UPDATE SET
         status = excluded.status,
         event_time = excluded.event_time,
         received_at = excluded.received_at,
         correlation_id = excluded.correlation_id,
         pending_since = CASE
           WHEN s.pending_since IS NOT NULL THEN s.pending_since
           WHEN excluded.status = s.pushed_status THEN NULL
           ELSE now() END,
         -- a row in backoff or leased keeps its time; a row in sync or parked becomes due now
         next_attempt_at = CASE WHEN s.pending_since IS NULL OR s.parked_at IS NOT NULL THEN GREATEST(s.next_attempt_at, now()) ELSE s.next_attempt_at END,
         attempts = CASE WHEN s.parked_at IS NOT NULL THEN 0 ELSE s.attempts END,
         parked_at = NULL,
         parked_reason = NULL
       WHERE (excluded.event_time, excluded.received_at) > (s.event_time, s.received_at)`,
      [
        column((key) => key),
        column((_, { event }) => locationKey(event)),
        column((_, { event }) => event.country_code),
        column((_, { event }) => event.party_id),
        column((_, { event }) => event.location_id),
        column((_, { event }) => event.evse_uid),
        column((_, { event }) => event.status),
        column((_, { event }) => event.event_time),
        column((_, { event }) => event.received_at),
        column((_, { correlationId }) => correlationId),
      ],
    );
  }

  /** Due rows, oldest first; an EVSE whose Location is being pushed waits for that push. */
  async claim(owner: string, limit: number, leaseMs: number): Promise<ClaimedEvseStatus[]> {
    return updateReturning(
      this.db,
      `WITH due AS (
         SELECT evse_key FROM evse_push_state s
         WHERE pending_since IS NOT NULL AND parked_at IS NULL AND next_attempt_at <= now()
           -- held shared until commit: a Location claim (exclusive) waits for it, then sees this lease
           AND pg_try_advisory_xact_lock_shared(hashtext(s.location_key))
           AND NOT EXISTS (
             SELECT 1 FROM location_push_state l
             WHERE l.location_key = s.location_key AND l.lease_owner IS NOT NULL AND l.next_attempt_at > now())
         ORDER BY pending_since
         LIMIT $2
         FOR UPDATE SKIP LOCKED)
       -- = ANY(ARRAY(...)), not a join with due: the planner then updates by primary key instead of scanning the table
       UPDATE evse_push_state s SET lease_owner = $1, next_attempt_at = now() + $3 * interval '1 millisecond'
       WHERE s.evse_key = ANY(ARRAY(SELECT evse_key FROM due))
       RETURNING s.evse_key AS key, s.attempts, s.country_code, s.party_id, s.location_id, s.evse_uid,
                 s.status, s.event_time, s.received_at, s.correlation_id, s.pushed_status`,
      [owner, limit, leaseMs],
    );
  }

  /** PATCHes the EVSE's status, unless the IOP already holds that status. */
  async deliver(item: ClaimedEvseStatus, signal: AbortSignal): Promise<PushOutcome> {
    if (item.status === item.pushed_status) return 'unchanged';
    await this.traffic.send(
      'evse_status',
      {
        method: 'PATCH',
        objectPath: [item.country_code, item.party_id, item.location_id, item.evse_uid],
        // 2.2.1 requires last_updated on every PATCH; GIREVE's 2.1.1 examples send it too.
        body: { status: item.status, last_updated: formatOcpiDateTime(item.event_time) },
        correlationId: item.correlation_id,
      },
      signal,
    );
    this.latency.observe((Date.now() - item.received_at.getTime()) / 1000);
    return 'sent';
  }

  complete(owner: string, item: ClaimedEvseStatus, outcome: PushOutcome): Promise<void> {
    return this.completions.add({ owner, item, sent: outcome === 'sent' });
  }

  /** Records many results in one statement (see BatchWriter). */
  private async writeCompletions(completions: Completion[]): Promise<void> {
    const column = <V>(pick: (c: Completion) => V) => completions.map(pick);
    await this.db.query(
      `UPDATE evse_push_state s SET
         pushed_status = CASE WHEN v.sent THEN v.status ELSE s.pushed_status END,
         pushed_event_time = CASE WHEN v.sent THEN v.event_time ELSE s.pushed_event_time END,
         pushed_at = CASE WHEN v.sent THEN now() ELSE s.pushed_at END,
         pending_since = CASE WHEN s.status = v.status THEN NULL ELSE s.pending_since END,
         attempts = 0, last_error = NULL, lease_owner = NULL, next_attempt_at = now()
       FROM unnest($1::text[], $2::text[], $3::boolean[], $4::text[], $5::timestamptz[]) AS v(evse_key, owner, sent, status, event_time)
       -- the ANY lets the planner find the rows by primary key; joined on unnest alone it scans the whole table
       WHERE s.evse_key = v.evse_key AND s.lease_owner = v.owner AND s.evse_key = ANY($1::text[])`,
      [
        column((c) => c.item.key),
        column((c) => c.owner),
        column((c) => c.sent),
        column((c) => c.item.status),
        column((c) => c.item.event_time),
      ],
    );
  }

  async retry(owner: string, item: ClaimedEvseStatus, delayMs: number, reason: string, failed: boolean): Promise<void> {
    await this.db.query(
      `UPDATE evse_push_state SET attempts = attempts + $4, last_error = $5, lease_owner = NULL,
         next_attempt_at = now() + $3 * interval '1 millisecond'
       WHERE evse_key = $1 AND lease_owner = $2`,
      [item.key, owner, Math.round(delayMs), failed ? 1 : 0, reason],
    );
  }

  async park(owner: string, item: ClaimedEvseStatus, reason: string): Promise<void> {
    await this.db.query(
      `UPDATE evse_push_state SET
         parked_at = CASE WHEN event_time = $3 THEN now() END,
         parked_reason = CASE WHEN event_time = $3 THEN $4 END,
         attempts = CASE WHEN event_time = $3 THEN attempts + 1 ELSE 0 END,
         last_error = $4, lease_owner = NULL, next_attempt_at = now()
       WHERE evse_key = $1 AND lease_owner = $2`,
      [item.key, owner, item.event_time, reason],
    );
  }

  async release(owner: string, keys: string[]): Promise<void> {
    await this.db.query(`UPDATE evse_push_state SET lease_owner = NULL, next_attempt_at = now() WHERE evse_key = ANY($1) AND lease_owner = $2`, [
      keys,
      owner,
    ]);
  }

  async resetBackoff(): Promise<void> {
    await this.db.query(
      `UPDATE evse_push_state SET next_attempt_at = now()
       WHERE pending_since IS NOT NULL AND parked_at IS NULL AND lease_owner IS NULL AND next_attempt_at > now()`,
    );
  }
}

/** Event order of one EVSE: charger time, then (same charger time) acceptance time. */
function isOlder(a: EvseStatusEventV1, b: EvseStatusEventV1): boolean {
  const ta = Date.parse(a.event_time);
  const tb = Date.parse(b.event_time);
  return ta < tb || (ta === tb && Date.parse(a.received_at) < Date.parse(b.received_at));
}
