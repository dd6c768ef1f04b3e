import { Logger } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { IopRequestError } from '../iop/iop-verdict';
import { BrokenCircuitError, IopPausedError, type IopTrafficService } from './iop-traffic.service';
import type { ClaimedPush, PushOutbox, StoreClaim, StoreClaimant } from './push-outbox';
import { retryDelayMs, type RetryDelayOptions } from './retry-delay';

/** While requests are in flight, claims come at most this often, except for stored work finding a slot free (see `stored`). */
const CLAIM_INTERVAL_MS = 10;

/**
 * Rows claimed beyond the free request slots, as a share of `concurrency`:
 * a slot freed by an answer starts the next claimed row at once instead of
 * waiting out the claim interval and the claim's round trips (at 256 slots and
 * 50 ms of IOP latency, slots stood idle a third of the time waiting for claims).
 */
const CLAIM_AHEAD_SHARE = 0.25;

export interface DispatcherOptions extends RetryDelayOptions {
  /** Identifies this replica; each claim's lease token starts with it. */
  owner: string;
  /** Requests in flight to the IOP at most; as many more deliveries may be recording their results meanwhile. */
  concurrency: number;
  /** How long a claim is ours unless renewed; renewed every third of it while its delivery runs. */
  leaseMs: number;
  pollIntervalMs: number;
  /** Claims at most this often while requests are in flight (CLAIM_INTERVAL_MS unless a test sets it). */
  claimIntervalMs?: number;
}

/** A delivery running in this replica. */
interface Running<T> {
  item: T;
  controller: AbortController;
  /** Until when the lease is ours for sure (from before the claim or renewal that set it). */
  leaseUntil: number;
  /** The request is over (answered, failed or aborted): only its result is being recorded. */
  settled: boolean;
}

/**
 * Drains one outbox: claims due rows (at most `concurrency` in flight, and
 * only what the traffic policy admits), delivers each, and records the result.
 * It runs in every replica; leases make each row go to one claim at a time,
 * which is also what keeps one request in flight per object. A delivery that
 * lasts (a Location's tariff PATCHes one after the other) keeps its lease by
 * renewal; one whose lease cannot be renewed in time is aborted before
 * another replica may claim the row.
 */
export class PushDispatcher<T extends ClaimedPush> implements StoreClaimant<T> {
  private readonly logger: Logger;
  /** Every row this replica holds leased: waiting for a slot, requested, or being recorded. */
  private readonly inFlight = new Map<string, Running<T>>();
  /** Rows of inFlight claimed ahead, waiting for a request slot, oldest claim first. */
  private readonly waiting: Running<T>[] = [];
  /** Deliveries of inFlight whose request is started and not over yet. */
  private requests = 0;
  private claims = 0;
  private renewal?: NodeJS.Timeout;
  private renewing = false;
  private running = false;
  private loop?: Promise<void>;
  private wakeUp?: () => void;
  private woken = false;
  /** New work was stored since the last claim (see `stored`). */
  private storedWork = false;
  /**
   * The last claim was bounded by this replica's capacity (or failed): more rows may be due, so a freed
   * slot calls for another claim. Otherwise an answer calls for none: only new work (a store, a
   * completion that left its row due, a failure) or the poll does.
   */
  private moreMayBeDue = true;
  /** Rows the store transactions running now may lease for this dispatcher (see `offer`). */
  private offered = 0;
  private idle?: () => void;

  constructor(
    private readonly outbox: PushOutbox<T>,
    private readonly traffic: IopTrafficService,
    private readonly options: DispatcherOptions,
    private readonly retries: Counter<'kind' | 'reason'>,
  ) {
    this.logger = new Logger(`PushDispatcher(${outbox.kind})`);
    traffic.onIopWideChange(() => {
      if (!this.running) return;
      this.outbox.resetBackoff().then(
        () => this.wake(),
        (error: unknown) => this.logger.error({ err: error }, 'could not reschedule pending pushes'),
      );
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
    this.renewal = setInterval(() => void this.renewLeases(), this.options.leaseMs / 3);
  }

  /** New work may be due (a push finished, or the IOP came back). */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /**
   * The consumer stored new work. While a request slot is free and no claimed
   * row waits for one, it is claimed at once instead of after the claim
   * interval: a stored event waited up to CLAIM_INTERVAL_MS for the
   * next claim. With every slot busy (a backlog) the interval still groups claims.
   */
  stored(): void {
    this.storedWork = true;
    this.wake();
  }

  /**
   * Lets the next store lease what it makes due, while nothing waits here: a
   * slot free, no row claimed ahead, the last claim left nothing due, and the
   * IOP takes every request. With a backlog the claims go on as before,
   * longest pending first, so no stored row jumps ahead of older ones.
   */
  offer(rows: number): StoreClaim<T> | null {
    const { concurrency, leaseMs, owner } = this.options;
    const limit = Math.min(concurrency - this.requests - this.offered, 2 * concurrency - this.inFlight.size - this.offered, rows);
    if (!this.running || this.moreMayBeDue || this.waiting.length > 0 || limit <= 0) return null;
    if (this.traffic.admission().slots !== Number.POSITIVE_INFINITY) return null;
    this.offered += limit;
    const claimedAt = Date.now();
    return {
      lease: `${owner}/${(this.claims += 1)}`,
      limit,
      leaseMs,
      inFlight: () => [...this.inFlight.keys()],
      done: (claimed) => {
        this.offered -= limit;
        if (!this.running) {
          if (claimed.length > 0) this.handBack(claimed);
          return;
        }
        for (const item of claimed) this.process(item, claimedAt + leaseMs);
      },
    };
  }

  /** A freed slot could take more work: the last claim left some, or work was stored since. */
  private get mayBeDue(): boolean {
    return this.moreMayBeDue || this.storedWork;
  }

  /** Stored work that a free slot could take now. */
  private get slotFreeForStored(): boolean {
    return this.storedWork && this.waiting.length === 0 && this.requests < this.options.concurrency;
  }

  /**
   * Stops claiming and hands back the rows claimed ahead (never sent); lets
   * requests in flight finish for up to `graceMs`, then aborts the rest and
   * hands their rows back so another replica takes them now.
   */
  async stop(graceMs: number): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake();
    await this.loop;
    const unsent = this.waiting.splice(0);
    for (const running of unsent) this.inFlight.delete(running.item.key);
    if (unsent.length > 0)
      await this.outbox.release(
        unsent.map((running) => running.item),
        false,
      );
    if (this.inFlight.size > 0) {
      const drained = new Promise<void>((resolve) => (this.idle = resolve));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([drained, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
    }
    clearInterval(this.renewal);
    const unfinished = [...this.inFlight.values()];
    if (unfinished.length === 0) return;
    for (const running of unfinished) running.controller.abort();
    await this.outbox.release(
      unfinished.map((running) => running.item),
      true,
    );
    this.logger.warn({ handed_back: unfinished.length }, 'handed unfinished pushes back');
  }

  /** Rows a store leased after this dispatcher stopped: never sent, handed back at once (or back when their lease ends). */
  private handBack(items: T[]): void {
    this.outbox.release(items, false).catch((error: unknown) => this.logger.error({ err: error }, 'could not hand back rows leased by a store; they return when their lease ends'));
  }

  /**
   * Extends the leases of the deliveries still running, then aborts each one
   * whose lease would run out before the next renewal (the row was taken over,
   * or the database cannot be reached): past its lease another replica may
   * claim the row, and two requests for one object must never be in flight.
   */
  private async renewLeases(): Promise<void> {
    if (this.renewing || this.inFlight.size === 0) return;
    this.renewing = true;
    const { leaseMs } = this.options;
    const running = [...this.inFlight.values()];
    const started = Date.now();
    try {
      const kept = new Set(
        await this.outbox.renew(
          running.map((r) => r.item),
          leaseMs,
        ),
      );
      for (const r of running) r.leaseUntil = kept.has(r.item.key) ? started + leaseMs : 0;
    } catch (error) {
      this.logger.error({ err: error }, 'could not renew the leases of running pushes');
    } finally {
      this.renewing = false;
    }
    for (const r of this.inFlight.values()) {
      if (r.settled || r.controller.signal.aborted || r.leaseUntil - Date.now() > leaseMs / 3) continue;
      this.logger.warn({ key: r.item.key }, 'lease lost or not renewable: the push is aborted, another claim takes the row');
      r.controller.abort();
    }
  }

  private async run(): Promise<void> {
    let lastClaim = 0;
    while (this.running) {
      // While requests are in flight, claim at most every CLAIM_INTERVAL_MS: slots freed meanwhile are
      // claimed together (one query for many rows) at the cost of a few milliseconds.
      const sinceClaim = Date.now() - lastClaim;
      const interval = this.options.claimIntervalMs ?? CLAIM_INTERVAL_MS;
      if (this.inFlight.size > 0 && sinceClaim < interval) await this.sleep(interval - sinceClaim, () => this.slotFreeForStored);
      lastClaim = Date.now();
      this.woken = false;
      this.storedWork = false;
      const admission = this.traffic.admission();
      // A slot is a request: one whose answer is being recorded frees its slot (its row stays leased, and
      // excluded below), so recording results never holds the IOP's pipe idle. Twice the slots at most
      // are held in all, so a slow database slows the claims instead of piling up results.
      // Rows are claimed ahead only while the IOP takes every request (not while a probe tests it).
      const { concurrency } = this.options;
      const ahead = admission.slots === Number.POSITIVE_INFINITY ? Math.ceil(concurrency * CLAIM_AHEAD_SHARE) : 0;
      const held = this.requests + this.waiting.length + this.offered;
      const limit = Math.min(concurrency + ahead - held, 2 * concurrency - this.inFlight.size - this.offered, admission.slots);
      let claimed: T[] = [];
      const claimedAt = Date.now();
      this.moreMayBeDue = true;
      if (limit > 0) {
        try {
          const lease = `${this.options.owner}/${(this.claims += 1)}`;
          claimed = await this.outbox.claim(lease, limit, this.options.leaseMs, [...this.inFlight.keys()]);
          this.moreMayBeDue = claimed.length === limit;
        } catch (error) {
          this.logger.error({ err: error }, 'could not claim due pushes (database unavailable?)');
        }
      }
      for (const item of claimed) this.process(item, claimedAt + this.options.leaseMs);
      if (claimed.length > 0 && claimed.length === limit) continue; // more may be due
      const waitMs = admission.slots === 0 ? Math.min(admission.retryInMs, this.options.pollIntervalMs) : this.options.pollIntervalMs;
      await this.sleep(waitMs);
    }
  }

  /** Waits `ms`, or less if woken (and `ends` then holds: by default any wake ends the wait). */
  private async sleep(ms: number, ends: () => boolean = () => this.woken): Promise<void> {
    if (ends() || !this.running) return;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
      this.wakeUp = () => {
        if (ends() || !this.running) resolve();
      };
    });
    clearTimeout(timer);
    this.wakeUp = undefined;
  }

  private process(item: T, leaseUntil: number): void {
    const running: Running<T> = { item, controller: new AbortController(), leaseUntil, settled: false };
    this.inFlight.set(item.key, running);
    this.waiting.push(running);
    this.startWaiting();
  }

  /** Starts claimed rows while request slots are free, in claim order. */
  private startWaiting(): void {
    while (this.requests < this.options.concurrency && this.waiting.length > 0) {
      const running = this.waiting.shift()!;
      // Its lease was lost while it waited (see renewLeases): the row is another claim's now.
      if (running.controller.signal.aborted) {
        this.forget(running);
        continue;
      }
      this.requests += 1;
      this.deliver(running)
        .catch((error: unknown) => this.logger.error({ err: error, key: running.item.key }, 'could not record a push result; the row returns when its lease ends'))
        .finally(() => this.forget(running));
    }
  }

  private forget(running: Running<T>): void {
    // Only its own entry: a store may have leased the row again once its result was recorded (see `offer`).
    if (this.inFlight.get(running.item.key) === running) this.inFlight.delete(running.item.key);
    if (this.inFlight.size === 0) this.idle?.();
    if (this.mayBeDue) this.wake();
  }

  private async deliver(running: Running<T>): Promise<void> {
    const { item, controller } = running;
    let outcome;
    try {
      outcome = await this.outbox.deliver(item, controller.signal);
    } catch (error) {
      this.settle(running);
      if (controller.signal.aborted) return; // shutdown hands the row back; a lost lease is another claim's
      await this.failed(item, error);
      this.wake(); // a retry without delay, or a park that lets newer events on, is due at once
      return;
    }
    this.settle(running);
    if (await this.outbox.complete(item, outcome)) this.wake();
  }

  /** The request is over: its slot goes to the next claim while the result is recorded. */
  private settle(running: Running<T>): void {
    running.settled = true;
    this.requests -= 1;
    if (this.running) this.startWaiting();
    if (this.mayBeDue) this.wake();
  }

  private async failed(item: T, error: unknown): Promise<void> {
    const { kind } = this.outbox;
    if (error instanceof BrokenCircuitError) {
      await this.outbox.retry(item, 0, 'circuit open', false);
      return;
    }
    if (error instanceof IopPausedError) {
      await this.outbox.retry(item, error.retryInMs, error.message, false);
      return;
    }
    if (!(error instanceof IopRequestError)) {
      this.logger.error({ err: error, key: item.key }, 'push failed unexpectedly; retrying with backoff');
      this.retries.inc({ kind, reason: 'error' });
      await this.outbox.retry(item, retryDelayMs(item.attempts + 1, this.options), String(error), true, true);
      return;
    }
    const { verdict } = error;
    switch (verdict.kind) {
      case 'refused':
        this.logger.warn({ key: item.key, reason: verdict.reason }, 'the IOP refused this object: repaired or parked by its outbox');
        await this.outbox.park(item, verdict.reason);
        return;
      case 'rate-limited':
        this.retries.inc({ kind, reason: 'rate_limited' });
        await this.outbox.retry(item, verdict.retryAfterMs, verdict.reason, false);
        return;
      case 'unauthorized':
        // The pause gates every request; the object keeps its place in the queue.
        this.retries.inc({ kind, reason: 'unauthorized' });
        await this.outbox.retry(item, 0, verdict.reason, false);
        return;
      case 'transient':
        this.retries.inc({ kind, reason: 'transient' });
        // Its own backoff even while the circuit is open: the next probe is another object, so one that
        // always fails (an IOP bug on it) cannot keep the circuit open for good. When the circuit closes,
        // every backoff ends (resetBackoff) and the replay goes first in, first out.
        await this.outbox.retry(item, retryDelayMs(item.attempts + 1, this.options), verdict.reason, true, error.outcomeUnknown);
        return;
    }
  }
}
