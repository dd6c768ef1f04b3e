import { Injectable } from '@nestjs/common';
import { type EvseStatusEventV1, evseKey, locationKey } from '@app/messaging';
import { formatOcpiDateTime } from '@app/ocpi';
import type { TraceCarrier } from '@app/platform';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Histogram } from 'prom-client';
import { DataSource, type EntityManager } from 'typeorm';
import { GirevePushSettings } from '../gireve-push.settings';
import { IopTrafficService } from '../delivery/iop-traffic.service';
import type { ClaimedPush, PushOutbox, PushOutcome, StoreClaimant } from '../delivery/push-outbox';
import { BatchWriter } from '../database/batch-writer';
import { inKeyOrder, leasedRowsInKeyOrder, type Queryable, reassertAt, renewLeases, retryOnDeadlock, updateReturning } from '../database/sql';
import { BUSY_RETRY_MS } from '../locations/location-outbox.service';
import { PUSH_METRICS } from '../metrics/push-metrics';
import { type CausalPosition, comparePositions, type HeldStatus, planStatusDelivery, type QueuedStatus, type StatusDelivery, type StatusDeliveryMode } from './status-delivery-plan';

/** A status event as consumed, with its Kafka position and the correlation id and trace context of its headers. */
export interface ConsumedStatus {
  event: EvseStatusEventV1;
  correlationId: string | null;
  traceContext: TraceCarrier | null;
  partition: number;
  offset: string;
}

/** A claimed EVSE row: what the IOP holds, and the events still queued for it. */
export interface ClaimedEvseStatus extends ClaimedPush {
  country_code: string;
  party_id: string;
  location_id: string;
  evse_uid: string;
  pushed_status: string | null;
  pushed_event_time: Date | null;
  pushed_partition: number | null;
  pushed_offset: string | null;
  last_sent_at: Date | null;
  attempted_event_time: Date | null;
  attempted_partition: number | null;
  attempted_offset: string | null;
  office_status: string | null;
  reassert_at: Date | null;
  reassert_due: boolean;
  queue: QueuedStatus[];
  /** Planned by the claim: what to send, and which queued events it covers. */
  delivery: StatusDelivery;
}

/** What a claim leases: up to `limit` rows to the token `lease`, never one of `inFlight`. */
interface LeaseRequest {
  lease: string;
  limit: number;
  leaseMs: number;
  inFlight: string[];
}

interface Completion {
  item: ClaimedEvseStatus;
  sent: boolean;
}

/**
 * Queued events read per claimed EVSE, oldest first; the rest wait for the next
 * claim. A transition needs only the first events (the PATCH carries the first
 * one that changes the status, and the repeats before it are done): a claim
 * reading a whole backlog costs as much as the backlog is deep, for every PATCH
 * (the long chaos profile, a few hundred events queued per EVSE, drained at
 * ~40 PATCH/s). Latest mode reads far enough to coalesce a long run.
 */
const QUEUE_READ_LIMIT: Record<StatusDeliveryMode, number> = { transitions: 16, latest: 200 };

/**
 * The EVSE status outbox: the consumer queues every accepted event of an EVSE
 * (evse_status_queue) and marks its row (evse_push_state) pending; the
 * dispatcher PATCHes what planStatusDelivery picks, one request at a time per
 * EVSE, and records what the IOP then holds.
 */
@Injectable()
export class EvseStatusOutboxService implements PushOutbox<ClaimedEvseStatus> {
  readonly kind = 'evse_status' as const;
  // Up to 20 ms later: only this EVSE's next push waits for it, never the IOP's copy.
  private readonly completions = new BatchWriter<Completion, Set<string>>((batch) => this.writeCompletions(batch), 500, 20);
  // The consumer stores a fetch's batches concurrently: those that arrive within a millisecond are written together.
  private readonly intake = new BatchWriter<ConsumedStatus[], boolean>((batches) => this.storeAndLease(batches.flat()), 64, 1);
  private readonly mode: StatusDeliveryMode;
  private readonly reassertAfterMs: number;
  private claimant?: StoreClaimant<ClaimedEvseStatus>;

  constructor(
    private readonly db: DataSource,
    private readonly traffic: IopTrafficService,
    settings: GirevePushSettings,
    @InjectMetric(PUSH_METRICS.latency) private readonly latency: Histogram,
  ) {
    this.mode = settings.STATUS_DELIVERY;
    this.reassertAfterMs = settings.STATUS_REASSERT_AFTER_MS;
  }

  /**
   * Stores a batch; resolves once it is committed, with whether a claim
   * should follow (see storeAndLease). The batches the consumer
   * stores together (one per partition of a Kafka fetch) share a transaction:
   * one commit for the fetch instead of one per partition (at 1,000 events/s
   * over 12 partitions, ~8 events a transaction).
   */
  async record(batch: ConsumedStatus[]): Promise<boolean> {
    return batch.length > 0 ? this.intake.add(batch) : false;
  }

  /** Lets each store lease, for this dispatcher, the rows it makes due (see StoreClaim). */
  leaseWhileStoring(claimant: StoreClaimant<ClaimedEvseStatus>): void {
    this.claimant = claimant;
  }

  /**
   * Stores a batch and, when the dispatcher offers a claim, leases in the same
   * transaction the stored EVSEs now due. Resolves true when a claim should
   * still follow: no claim was offered, or the free slots bounded it.
   */
  private async storeAndLease(batch: ConsumedStatus[]): Promise<boolean> {
    const rows = newestPerEvse(batch);
    const offer = this.claimant?.offer(rows.length) ?? null;
    let leased: ClaimedEvseStatus[] = [];
    let running = false;
    try {
      const keys = rows.map(([key]) => key);
      leased = await this.transaction(async (db) => {
        await this.store(db, batch, rows);
        if (!offer) return [];
        const inFlight = offer.inFlight();
        const mine = new Set(inFlight);
        running = keys.some((key) => mine.has(key));
        return this.leaseDue(db, { ...offer, inFlight }, keys);
      });
    } finally {
      offer?.done(leased);
    }
    // A stored EVSE whose last result this replica is still recording is left to the claim that follows; so are
    // stored rows a claim bounded by the free slots (not by what was stored) may have left due.
    return offer === null || running || (leased.length === offer.limit && offer.limit < rows.length);
  }

  /**
   * Stores events, in the caller's transaction: first each EVSE's row (`rows`:
   * its newest event, charger time then Kafka position), locked in key order; then
   * every event newer than what the IOP holds joins its EVSE's queue (a replay
   * is stored once) and makes the row pending. Completions lock the row first
   * too, so a row never ends "in sync" with an event left in its queue.
   */
  private async store(db: EntityManager, batch: ConsumedStatus[], rows: [string, ConsumedStatus][]): Promise<void> {
    const column = <V>(pick: (key: string, consumed: ConsumedStatus) => V) => rows.map(([key, consumed]) => pick(key, consumed));
    const all = <V>(pick: (consumed: ConsumedStatus) => V) => batch.map(pick);
    await db.query(
      `INSERT INTO evse_push_state AS s
         (evse_key, location_key, country_code, party_id, location_id, evse_uid, status, event_time, received_at, correlation_id,
          event_partition, event_offset, pending_since, next_attempt_at)
       SELECT e.*, NULL, now()
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[], $10::text[],
                   $11::int[], $12::bigint[])
         AS e(evse_key, location_key, country_code, party_id, location_id, evse_uid, status, event_time, received_at, correlation_id, event_partition, event_offset)
       ON CONFLICT (evse_key) DO UPDATE SET
         status = CASE WHEN ${NEWER} THEN excluded.status ELSE s.status END,
         event_time = CASE WHEN ${NEWER} THEN excluded.event_time ELSE s.event_time END,
         received_at = CASE WHEN ${NEWER} THEN excluded.received_at ELSE s.received_at END,
         correlation_id = CASE WHEN ${NEWER} THEN excluded.correlation_id ELSE s.correlation_id END,
         event_partition = CASE WHEN ${NEWER} THEN excluded.event_partition ELSE s.event_partition END,
         event_offset = CASE WHEN ${NEWER} THEN excluded.event_offset ELSE s.event_offset END`,
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
        column((_, { partition }) => partition),
        column((_, { offset }) => offset),
      ],
    );
    await db.query(
      `WITH queued AS (
         INSERT INTO evse_status_queue (evse_key, event_time, kafka_partition, kafka_offset, status, received_at, correlation_id, trace_context)
         SELECT e.* FROM unnest($1::text[], $2::timestamptz[], $3::int[], $4::bigint[], $5::text[], $6::timestamptz[], $7::text[], $8::jsonb[])
           AS e(evse_key, event_time, kafka_partition, kafka_offset, status, received_at, correlation_id, trace_context)
         -- the ANY lets the planner find the rows by primary key (as below); joined on unnest alone it scans the whole table
         JOIN evse_push_state s ON s.evse_key = e.evse_key AND s.evse_key = ANY($1::text[])
         -- never behind what the IOP holds
         WHERE s.pushed_partition IS NULL
            OR (e.event_time, e.kafka_partition, e.kafka_offset) > (s.pushed_event_time, s.pushed_partition, s.pushed_offset)
         ON CONFLICT DO NOTHING
         RETURNING evse_key)
       UPDATE evse_push_state s SET
         pending_since = COALESCE(s.pending_since, now()),
         -- a row in backoff or leased keeps its time; a row in sync or parked becomes due now, and so does one
         -- that only waited for its re-assertion (the queue, read before this statement, was empty)
         next_attempt_at = CASE
           WHEN s.pending_since IS NULL OR s.parked_at IS NOT NULL THEN GREATEST(s.next_attempt_at, now())
           WHEN s.lease_owner IS NULL AND NOT EXISTS (SELECT 1 FROM evse_status_queue q WHERE q.evse_key = s.evse_key) THEN now()
           ELSE s.next_attempt_at END,
         attempts = CASE WHEN s.parked_at IS NOT NULL THEN 0 ELSE s.attempts END,
         repair_requested_at = CASE WHEN s.parked_at IS NOT NULL THEN NULL ELSE s.repair_requested_at END,
         parked_at = NULL,
         parked_reason = NULL
       WHERE s.evse_key = ANY(ARRAY(SELECT evse_key FROM queued))`,
      [
        all(({ event }) => evseKey(event)),
        all(({ event }) => event.event_time),
        all(({ partition }) => partition),
        all(({ offset }) => offset),
        all(({ event }) => event.status),
        all(({ event }) => event.received_at),
        all(({ correlationId }) => correlationId),
        all(({ traceContext }) => traceContext && JSON.stringify(traceContext)),
      ],
    );
  }

  /** A transaction, run again if PostgreSQL made it a deadlock victim (see retryOnDeadlock). */
  private transaction<T>(work: (db: EntityManager) => Promise<T>): Promise<T> {
    return retryOnDeadlock(() => this.db.transaction(work));
  }

  /**
   * Due rows, longest pending first, with their queued events and what each
   * will send, in one transaction. The rows are locked first, each one's
   * Location lock held shared (a Location claim takes it exclusive, then checks
   * the EVSE leases); then their queues are read and each delivery planned;
   * the last statement, whose snapshot is taken only then, leases the rows
   * whose Location is still not leased (a Location claim that committed
   * meanwhile is seen), and writes ahead what each PATCH will carry.
   *
   * Written ahead: if a PATCH is applied but its answer or our record of it is
   * lost (timeout, crash), whatever goes out next is still never earlier than
   * it, and never an event older than it. Written by the claim itself, it costs
   * no statement and no row version of its own.
   */
  async claim(lease: string, limit: number, leaseMs: number, inFlight: string[]): Promise<ClaimedEvseStatus[]> {
    return this.transaction(async (db) => {
      // The pending index is read in order and the scan stops at the limit. An outage or a burst makes thousands of
      // rows pending within seconds, long before autovacuum analyses the table: on estimates of a few dozen pending
      // rows, PostgreSQL chose to read them all and sort them (9 ms a claim with 18,730 pending, auto_explain).
      await db.query(`SELECT set_config('enable_sort', 'off', true)`);
      return this.leaseDue(db, { lease, limit, leaseMs, inFlight }, null);
    });
  }

  /**
   * The claim's work, in the caller's transaction: leases up to `limit` due
   * rows, longest pending first, among `among` only if given (a store leasing
   * what it just made due; those rows are locked already).
   */
  private async leaseDue(db: EntityManager, claim: LeaseRequest, among: string[] | null): Promise<ClaimedEvseStatus[]> {
    const { lease, limit, leaseMs, inFlight } = claim;
    // The Location lock is taken on the rows picked only, outside the subquery: in its WHERE, PostgreSQL may
    // call it for every candidate row before it sorts and limits, and a backlog over thousands of Locations
    // then fills the lock table ("out of shared memory"), failing every claim.
    // A store's rows are read by primary key behind a fence (OFFSET 0): on the stale estimates a burst leaves, PostgreSQL
    // otherwise also read the whole pending index (4 ms with 50,000 rows in backoff, against 0.3 ms). They are locked
    // already, by the store's upsert.
    const rows = among ? '(SELECT * FROM evse_push_state WHERE evse_key = ANY($3::text[]) OFFSET 0)' : 'evse_push_state';
    const picked: { evse_key: string }[] = await db.query(
      `SELECT evse_key FROM (
         SELECT evse_key, location_key FROM ${rows} s
         WHERE pending_since IS NOT NULL AND parked_at IS NULL AND next_attempt_at <= now()
           AND NOT (evse_key = ANY($2::text[]))
           AND NOT EXISTS (${locationWhere(`${LEASED} OR ${PUT_FIRST}`)})
         ORDER BY pending_since
         LIMIT $1
         ${among ? '' : 'FOR UPDATE SKIP LOCKED'}) picked
       WHERE pg_try_advisory_xact_lock_shared(hashtext(picked.location_key))`,
      among ? [limit, inFlight, among] : [limit, inFlight],
    );
    if (picked.length === 0) return [];
    // Read once the rows are locked, by a statement of its own: its snapshot has every write committed before the
    // locks (the one above may predate some), and the sort above stays narrow (wide rows spilled it to disk).
    const due: Omit<ClaimedEvseStatus, 'queue'>[] = await db.query(
      `SELECT s.evse_key AS key, s.attempts, $2::text AS lease, s.country_code, s.party_id, s.location_id, s.evse_uid,
              s.pushed_status, s.pushed_event_time, s.pushed_partition, s.pushed_offset, s.last_sent_at,
              s.attempted_event_time, s.attempted_partition, s.attempted_offset,
              s.office_status, s.reassert_at, COALESCE(s.reassert_at <= now(), false) AS reassert_due
       FROM evse_push_state s WHERE s.evse_key = ANY($1::text[])`,
      [picked.map((row) => row.evse_key), lease],
    );
    if (due.length === 0) return [];
    const queues = await this.readQueues(db, due);
    const now = new Date();
    const claimed = due.map((row): ClaimedEvseStatus => {
      const item = { ...row, queue: queues.get(row.key) ?? [] };
      return { ...item, delivery: planStatusDelivery(this.mode, heldStatus(item), item.queue, now) };
    });
    const ahead = (pick: (send: NonNullable<StatusDelivery['send']>) => unknown) => claimed.map((c) => (c.delivery.send ? pick(c.delivery.send) : null));
    const newer = `v.event_time IS NOT NULL
      AND (s.attempted_partition IS NULL OR (v.event_time, v.event_partition, v.event_offset) > (s.attempted_event_time, s.attempted_partition, s.attempted_offset))`;
    const leased: { key: string }[] = await updateReturning(
      db,
      `UPDATE evse_push_state s SET lease_owner = $1, next_attempt_at = now() + $3 * interval '1 millisecond',
         last_sent_at = GREATEST(s.last_sent_at, v.last_updated),
         attempted_event_time = CASE WHEN ${newer} THEN v.event_time ELSE s.attempted_event_time END,
         attempted_partition = CASE WHEN ${newer} THEN v.event_partition ELSE s.attempted_partition END,
         attempted_offset = CASE WHEN ${newer} THEN v.event_offset ELSE s.attempted_offset END
       FROM unnest($2::text[], $4::timestamptz[], $5::timestamptz[], $6::int[], $7::bigint[]) AS v(evse_key, last_updated, event_time, event_partition, event_offset)
       -- the ANY lets the planner find the rows by primary key; joined on unnest alone it scans the whole table
       WHERE s.evse_key = v.evse_key AND s.evse_key = ANY($2::text[]) AND NOT EXISTS (${locationWhere(LEASED)})
       RETURNING s.evse_key AS key`,
      [
        lease,
        claimed.map((c) => c.key),
        leaseMs,
        ahead((send) => send.lastUpdated),
        ahead((send) => send.event?.event_time ?? null),
        ahead((send) => send.event?.kafka_partition ?? null),
        ahead((send) => send.event?.kafka_offset ?? null),
      ],
    );
    const keys = new Set(leased.map((row) => row.key));
    return claimed.filter((c) => keys.has(c.key));
  }

  /** The queued events of the claimed rows, oldest first, up to QUEUE_READ_LIMIT each. */
  private async readQueues(db: Queryable, rows: { key: string }[]): Promise<Map<string, QueuedStatus[]>> {
    const queued: (QueuedStatus & { evse_key: string })[] = await db.query(
      `SELECT q.evse_key, q.event_time, q.kafka_partition, q.kafka_offset, q.status, q.received_at, q.correlation_id, q.trace_context
       FROM unnest($1::text[]) AS k(evse_key)
       CROSS JOIN LATERAL (
         SELECT * FROM evse_status_queue q WHERE q.evse_key = k.evse_key
         ORDER BY q.event_time, q.kafka_partition, q.kafka_offset LIMIT $2) q`,
      [rows.map((row) => row.key), QUEUE_READ_LIMIT[this.mode]],
    );
    // bigint columns (offsets) come back from pg as strings, as the types say.
    const byKey = new Map<string, QueuedStatus[]>();
    for (const { evse_key, ...event } of queued) {
      const queue = byKey.get(evse_key);
      if (queue) queue.push(event);
      else byKey.set(evse_key, [event]);
    }
    return byKey;
  }

  /** PATCHes what the claim planned, if anything. */
  async deliver(item: ClaimedEvseStatus, signal: AbortSignal): Promise<PushOutcome> {
    const send = item.delivery.send;
    if (!send) return 'unchanged';
    await this.traffic.send(
      'evse_status',
      {
        method: 'PATCH',
        objectPath: [item.country_code, item.party_id, item.location_id, item.evse_uid],
        // 2.2.1 requires last_updated on every PATCH; GIREVE's 2.1.1 examples send it too.
        body: { status: send.status, last_updated: formatOcpiDateTime(send.lastUpdated) },
        correlationId: send.event?.correlation_id ?? null,
        traceContext: send.event?.trace_context ?? null,
      },
      signal,
    );
    if (send.event) this.latency.observe((Date.now() - send.event.received_at.getTime()) / 1000);
    return 'sent';
  }

  /** True when the row is due again at once: events were queued behind the one delivered. */
  async complete(item: ClaimedEvseStatus, outcome: PushOutcome): Promise<boolean> {
    const due = await this.completions.add({ item, sent: outcome === 'sent' });
    return due.has(item.key);
  }

  /**
   * Records many results in one transaction (see BatchWriter): locks the rows
   * (key order; fenced by the lease), drops the queued events the delivery
   * consumed, records what the IOP now holds, and leaves a row pending while
   * events remain queued (or a re-assertion waits for its time). Returns the
   * keys of the rows due again at once.
   */
  private async writeCompletions(completions: Completion[]): Promise<Set<string>> {
    const done = [...completions].sort(inKeyOrder((c) => c.item.key));
    const column = <V>(pick: (c: Completion, delivery: StatusDelivery) => V) => done.map((c) => pick(c, c.item.delivery));
    const keys = column((c) => c.item.key);
    return this.transaction(async (db) => {
      await db.query(
        `SELECT 1 FROM evse_push_state s JOIN unnest($1::text[], $2::text[]) AS v(evse_key, owner)
           ON s.evse_key = v.evse_key AND s.lease_owner = v.owner
         WHERE s.evse_key = ANY($1::text[]) ORDER BY s.evse_key COLLATE "C" FOR UPDATE OF s`,
        [keys, column((c) => c.item.lease)],
      );
      const params = [
        keys,
        column((c) => c.item.lease),
        column((c) => c.sent),
        column((c, d) => (c.sent && d.send ? d.send.status : null)),
        column((c, d) => (c.sent && d.send ? d.send.lastUpdated : null)),
        column((_, d) => d.through?.event_time ?? null),
        column((_, d) => d.through?.kafka_partition ?? null),
        column((_, d) => d.through?.kafka_offset ?? null),
        column((c) => c.item.reassert_at),
        column((c) => c.sent && c.item.reassert_due),
      ];
      const values = `unnest($1::text[], $2::text[], $3::boolean[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::int[], $8::bigint[], $9::timestamptz[], $10::boolean[])
         AS v(evse_key, owner, sent, status, last_updated, through_time, through_partition, through_offset, reassert_at, reasserted)`;
      await db.query(
        `DELETE FROM evse_status_queue q USING ${values}, evse_push_state s
         WHERE q.evse_key = v.evse_key AND s.evse_key = v.evse_key AND s.lease_owner = v.owner AND v.through_time IS NOT NULL
           AND (q.event_time, q.kafka_partition, q.kafka_offset) <= (v.through_time, v.through_partition, v.through_offset)`,
        params,
      );
      // One statement records the result and reschedules the row: it stays pending while events remain queued
      // (the DELETE above is seen), or until its re-assertion is due.
      const due: { key: string | null }[] = await updateReturning(
        db,
        `UPDATE evse_push_state s SET
           pushed_status = CASE WHEN v.status IS NOT NULL THEN v.status ELSE s.pushed_status END,
           pushed_event_time = CASE WHEN ${ADVANCES} THEN v.through_time ELSE s.pushed_event_time END,
           pushed_partition = CASE WHEN ${ADVANCES} THEN v.through_partition ELSE s.pushed_partition END,
           pushed_offset = CASE WHEN ${ADVANCES} THEN v.through_offset ELSE s.pushed_offset END,
           last_sent_at = CASE WHEN v.status IS NOT NULL THEN GREATEST(s.last_sent_at, v.last_updated) ELSE s.last_sent_at END,
           pushed_at = CASE WHEN v.sent THEN now() ELSE s.pushed_at END,
           reassert_at = ${REASSERT_KEPT},
           pending_since = COALESCE(q.oldest, ${REASSERT_KEPT}),
           next_attempt_at = CASE WHEN q.oldest IS NULL AND ${REASSERT_KEPT} IS NOT NULL THEN GREATEST(${REASSERT_KEPT}, now()) ELSE now() END,
           repair_requested_at = CASE WHEN v.sent THEN NULL ELSE s.repair_requested_at END,
           attempts = 0, last_error = NULL, lease_owner = NULL
         FROM ${values}
         -- the next event to send (by primary key, however deep the queue) gives the row its place in the FIFO replay
         LEFT JOIN LATERAL (
           SELECT stored_at AS oldest FROM evse_status_queue q WHERE q.evse_key = v.evse_key ORDER BY q.event_time, q.kafka_partition, q.kafka_offset LIMIT 1) q ON true
         -- the ANY lets the planner find the rows by primary key; joined on unnest alone it scans the whole table
         WHERE s.evse_key = v.evse_key AND s.lease_owner = v.owner AND s.evse_key = ANY($1::text[])
         RETURNING CASE WHEN s.pending_since IS NOT NULL AND s.next_attempt_at <= now() THEN s.evse_key END AS key`,
        params,
      );
      return new Set(due.map((row) => row.key).filter((key) => key !== null));
    });
  }

  /** `outcomeUnknown`: the IOP may still apply the request (timeout, reset after sending): re-assert later. */
  async retry(item: ClaimedEvseStatus, delayMs: number, reason: string, failed: boolean, outcomeUnknown = false): Promise<void> {
    await this.db.query(
      `UPDATE evse_push_state SET attempts = attempts + $4, last_error = $5, lease_owner = NULL,
         next_attempt_at = now() + $3 * interval '1 millisecond',
         reassert_at = CASE WHEN $6 THEN ${reassertAt('$7')} ELSE reassert_at END,
         pending_since = CASE WHEN $6 THEN COALESCE(pending_since, now()) ELSE pending_since END
       WHERE evse_key = $1 AND lease_owner = $2`,
      [item.key, item.lease, Math.round(delayMs), failed ? 1 : 0, reason, outcomeUnknown, this.reassertAfterMs],
    );
  }

  /**
   * The IOP refused the request. If newer events wait behind the refused one,
   * it is dropped and they go on (the dispatcher logged the refusal).
   * Otherwise it is repaired first: OCPI says a failed PATCH may mean the
   * object is missing, so the Location is PUT again, and the EVSE waits for
   * that PUT, then is tried again. Refused after that repair (or with no
   * Location to PUT), the row is parked, the event kept for an admin replay; a
   * newer event un-parks the row: the refused one is tried once more, then dropped.
   */
  async park(item: ClaimedEvseStatus, reason: string): Promise<void> {
    const refused = item.delivery.send?.event ?? null;
    await this.transaction(async (db) => {
      const [row] = (await db.query('SELECT repair_requested_at FROM evse_push_state WHERE evse_key = $1 AND lease_owner = $2 FOR UPDATE', [item.key, item.lease])) as {
        repair_requested_at: Date | null;
      }[];
      if (!row) return;
      if (refused && (await this.dropIfSuperseded(db, item.key, refused))) {
        await db.query(
          `UPDATE evse_push_state SET parked_at = NULL, parked_reason = NULL, attempts = 0, last_error = $2, lease_owner = NULL, next_attempt_at = now()
           WHERE evse_key = $1`,
          [item.key, reason],
        );
        return;
      }
      if (row.repair_requested_at === null && (await this.requestLocationPut(db, item))) {
        await db.query(
          `UPDATE evse_push_state SET repair_requested_at = now(), attempts = attempts + 1, last_error = $2, lease_owner = NULL, next_attempt_at = now()
           WHERE evse_key = $1`,
          [item.key, reason],
        );
        return;
      }
      await db.query(
        `UPDATE evse_push_state SET parked_at = now(), parked_reason = $2, attempts = attempts + 1, last_error = $2, lease_owner = NULL, next_attempt_at = now()
         WHERE evse_key = $1`,
        [item.key, reason],
      );
    });
  }

  /** Drops the refused event and everything before it when a newer event waits behind it. */
  private async dropIfSuperseded(db: Queryable, key: string, refused: QueuedStatus): Promise<boolean> {
    const position = [key, refused.event_time, refused.kafka_partition, refused.kafka_offset];
    const [newer] = (await db.query('SELECT 1 FROM evse_status_queue WHERE evse_key = $1 AND (event_time, kafka_partition, kafka_offset) > ($2, $3, $4) LIMIT 1', position)) as unknown[];
    if (newer === undefined) return false;
    await db.query('DELETE FROM evse_status_queue WHERE evse_key = $1 AND (event_time, kafka_partition, kafka_offset) <= ($2, $3, $4)', position);
    return true;
  }

  /** Has the EVSE's Location PUT again (as never pushed: its EVSEs wait for it); false when gireve-push has no such Location. */
  private async requestLocationPut(db: Queryable, item: ClaimedEvseStatus): Promise<boolean> {
    const repaired = (await db.query(
      `WITH marked AS (
         UPDATE location_push_state SET pushed_body = NULL, pending_since = COALESCE(pending_since, now()), parked_at = NULL, parked_reason = NULL,
           next_attempt_at = CASE WHEN lease_owner IS NULL THEN now() ELSE next_attempt_at END
         WHERE location_key = $1
         RETURNING 1)
       SELECT count(*)::int AS n FROM marked`,
      [locationKey(item)],
    )) as { n: number }[];
    return repaired[0]!.n > 0;
  }

  /** Hands rows back at shutdown; one whose request was aborted mid-flight may still be applied, so it is re-asserted later. */
  async release(items: ClaimedEvseStatus[], outcomeUnknown: boolean): Promise<void> {
    await this.db.query(
      `WITH held AS (${leasedRowsInKeyOrder('evse_push_state', 'evse_key')})
       UPDATE evse_push_state s SET lease_owner = NULL, next_attempt_at = now(),
         reassert_at = CASE WHEN $4 THEN ${reassertAt('$3')} ELSE reassert_at END,
         pending_since = CASE WHEN $4 THEN COALESCE(pending_since, now()) ELSE pending_since END
       WHERE s.evse_key = ANY(ARRAY(SELECT key FROM held))`,
      [items.map((i) => i.key), items.map((i) => i.lease), this.reassertAfterMs, outcomeUnknown],
    );
  }

  async renew(items: ClaimedEvseStatus[], leaseMs: number): Promise<string[]> {
    return renewLeases(this.db, 'evse_push_state', 'evse_key', items, leaseMs);
  }

  async resetBackoff(): Promise<void> {
    // Rows locked in key order, as every writer does, so this write cannot deadlock; none is skipped:
    // a row left in its backoff would lose its place in the FIFO replay.
    await this.db.query(
      `WITH waiting AS (
         SELECT evse_key FROM evse_push_state s
         WHERE pending_since IS NOT NULL AND parked_at IS NULL AND lease_owner IS NULL AND next_attempt_at > now()
           -- a row waiting only for its re-assertion keeps that time
           AND (reassert_at IS NULL OR EXISTS (SELECT 1 FROM evse_status_queue q WHERE q.evse_key = s.evse_key))
         ORDER BY evse_key COLLATE "C" FOR UPDATE)
       UPDATE evse_push_state SET next_attempt_at = now() WHERE evse_key = ANY(ARRAY(SELECT evse_key FROM waiting))`,
    );
  }
}

/** The EVSE's Location row, if it meets `condition` (one lookup by primary key, whatever the condition). */
const locationWhere = (condition: string) => `SELECT 1 FROM location_push_state l WHERE l.location_key = s.location_key AND (${condition})`;

/** The Location is leased: its PUT is (or may be) in flight. */
const LEASED = '(l.lease_owner IS NOT NULL AND l.next_attempt_at > now())';

/**
 * The Location is to be PUT first:
 * - it was never PUT (in backoff, or parked): a PATCH now would be refused as unknown;
 * - or its PUT is due (or waits for EVSE requests to end, see BUSY_RETRY_MS): claiming its EVSEs
 *   meanwhile could keep it waiting for good on a busy site.
 */
const PUT_FIRST = `(l.pending_since IS NOT NULL
  AND (l.pushed_body IS NULL OR (l.parked_at IS NULL AND l.next_attempt_at <= now() + ${BUSY_RETRY_MS} * interval '1 millisecond')))`;

/** An event newer than the one the row holds (charger time, then Kafka position). */
const NEWER = '(excluded.event_time, excluded.event_partition, excluded.event_offset) > (s.event_time, s.event_partition, s.event_offset)';

/** The ambiguity window left after a completion: the one this delivery re-asserted is over, unless a newer one opened since its claim. */
const REASSERT_KEPT = '(CASE WHEN v.reasserted AND s.reassert_at = v.reassert_at THEN NULL ELSE s.reassert_at END)';

/** A completion that moves what the IOP holds forward (never back). */
const ADVANCES = `v.through_time IS NOT NULL AND (s.pushed_partition IS NULL
  OR (v.through_time, v.through_partition, v.through_offset) > (s.pushed_event_time, s.pushed_partition, s.pushed_offset))`;

/** Each EVSE's newest event of the batch (charger time, then Kafka position), in key order: rows locked in one order cannot deadlock. */
function newestPerEvse(batch: ConsumedStatus[]): [string, ConsumedStatus][] {
  const newest = new Map<string, ConsumedStatus>();
  for (const consumed of batch) {
    const key = evseKey(consumed.event);
    const kept = newest.get(key);
    if (!kept || comparePositions(positionOf(consumed), positionOf(kept)) > 0) newest.set(key, consumed);
  }
  return [...newest.entries()].sort(inKeyOrder(([key]) => key));
}

function positionOf({ event, partition, offset }: ConsumedStatus): CausalPosition {
  return { event_time: new Date(event.event_time), kafka_partition: partition, kafka_offset: offset };
}

/** What the IOP holds for a claimed EVSE, as planStatusDelivery reads it. */
function heldStatus(item: Omit<ClaimedEvseStatus, 'queue'>): HeldStatus {
  return {
    status: item.pushed_status,
    position:
      item.pushed_partition === null || item.pushed_event_time === null
        ? null
        : { event_time: item.pushed_event_time, kafka_partition: item.pushed_partition, kafka_offset: item.pushed_offset ?? '-1' },
    lastSentAt: item.last_sent_at,
    attempted:
      item.attempted_partition === null || item.attempted_event_time === null || item.attempted_offset === null
        ? null
        : { event_time: item.attempted_event_time, kafka_partition: item.attempted_partition, kafka_offset: item.attempted_offset },
    officeStatus: item.office_status,
    reassertDue: item.reassert_due,
  };
}
