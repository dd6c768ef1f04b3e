import type { PushKind } from '../metrics/push-metrics';

/** One claimed outbox row: leased to this replica until it completes, fails or is handed back. */
export interface ClaimedPush {
  key: string;
  /** Failed attempts so far (drives the backoff). */
  attempts: number;
}

/** When a released row is due again: after a delay (ms), or at its FIFO place. */
export type RetryDelay = number | 'fifo';

/** What happened to a claimed push that did not fail. */
export type PushOutcome = 'sent' | 'unchanged';

/**
 * A durable outbox the dispatcher drains: rows hold the newest desired state of
 * one object; `deliver` sends it (or finds nothing to send) and throws
 * IopRequestError when the IOP did not accept it. Every state change is fenced
 * by the lease owner, so a replica that lost its lease changes nothing.
 */
export interface PushOutbox<T extends ClaimedPush> {
  readonly kind: PushKind;
  /** Leases up to `limit` due rows, oldest due first. */
  claim(owner: string, limit: number, leaseMs: number): Promise<T[]>;
  deliver(item: T, signal: AbortSignal): Promise<PushOutcome>;
  /** Records what the IOP now holds; the row stays pending if its desired state moved meanwhile. */
  complete(owner: string, item: T, outcome: PushOutcome): Promise<void>;
  /**
   * Releases the row, due again after `delay` ms, or at its place in the
   * first-in-first-out order of pending rows ('fifo': the IOP as a whole
   * failed, not this object); `failed` counts an attempt.
   */
  retry(owner: string, item: T, delay: RetryDelay, reason: string, failed: boolean): Promise<void>;
  /** Sets the row aside with the IOP's reason, unless a newer state arrived meanwhile (that one is tried). */
  park(owner: string, item: T, reason: string): Promise<void>;
  /** Hands rows back at once (shutdown). */
  release(owner: string, keys: string[]): Promise<void>;
  /** After an outage: every pending row becomes due again, oldest first (FIFO replay). */
  resetBackoff(): Promise<void>;
}
