import type { PushKind } from '../metrics/push-metrics';

/** One claimed outbox row: leased to one claim of this replica until it completes, fails or is handed back. */
export interface ClaimedPush {
  key: string;
  /** Failed attempts so far (drives the backoff). */
  attempts: number;
  /** The claim's lease token (lease_owner): every later write about this row is fenced by it. */
  lease: string;
}

/** What happened to a claimed push that did not fail. */
export type PushOutcome = 'sent' | 'unchanged';

/**
 * A durable outbox the dispatcher drains: rows hold the newest desired state of
 * one object; `deliver` sends it (or finds nothing to send) and throws
 * IopRequestError when the IOP did not accept it. Every state change is fenced
 * by the claim's lease token: a claim whose lease ran out, even one of this
 * replica that claimed the row again since, changes nothing.
 */
export interface PushOutbox<T extends ClaimedPush> {
  readonly kind: PushKind;
  /**
   * Leases up to `limit` due rows to the token `lease`, the longest pending first (GIREVE wants the backlog
   * replayed first in, first out), never one of `inFlight` (this replica's requests still running).
   */
  claim(lease: string, limit: number, leaseMs: number, inFlight: string[]): Promise<T[]>;
  deliver(item: T, signal: AbortSignal): Promise<PushOutcome>;
  /**
   * Records what the IOP now holds; the row stays pending if its desired state moved meanwhile. Resolves true
   * when the row (or another this completion frees) may be due now: the dispatcher then claims again.
   */
  complete(item: T, outcome: PushOutcome): Promise<boolean>;
  /**
   * Releases the row, due again after `delayMs` (it keeps its place in the queue); `failed` counts an attempt;
   * `outcomeUnknown`: the IOP may still apply the request (an outbox may then re-assert its state later).
   */
  retry(item: T, delayMs: number, reason: string, failed: boolean, outcomeUnknown?: boolean): Promise<void>;
  /** Sets the row aside with the IOP's reason, unless a newer state arrived meanwhile (that one is tried). */
  park(item: T, reason: string): Promise<void>;
  /**
   * Hands rows back at once (shutdown). `outcomeUnknown`: their requests were aborted mid-flight and may
   * still be applied (an outbox may then re-assert its state later); otherwise they were never sent.
   */
  release(items: T[], outcomeUnknown: boolean): Promise<void>;
  /** Extends the leases of rows whose delivery is still running; returns the keys whose lease was still theirs. */
  renew(items: T[], leaseMs: number): Promise<string[]>;
  /** The IOP went down or came back: rows waiting out a backoff become due at once (claims go oldest first). */
  resetBackoff(): Promise<void>;
}

/**
 * What a dispatcher lets one store transaction lease for it: rows that the
 * store itself makes due, while the dispatcher has request slots free and no
 * backlog. Such a row goes out without a claim transaction of its own (one
 * stage and its round trips fewer between Kafka and the PATCH).
 */
export interface StoreClaim<T extends ClaimedPush> {
  lease: string;
  limit: number;
  leaseMs: number;
  /** This replica's rows still running, read when the store leases: never leased again meanwhile. */
  inFlight(): string[];
  /** Called once the store is over: with the rows it leased, once committed; with none if it failed. */
  done(claimed: T[]): void;
}

/** A dispatcher that store transactions may lease rows for (see StoreClaim). */
export interface StoreClaimant<T extends ClaimedPush> {
  /**
   * A claim for the next store, of up to `rows` rows (what it stores), or null: the dispatcher has a
   * backlog, no free slot, or the IOP is not taking every request.
   */
  offer(rows: number): StoreClaim<T> | null;
}
