import { Logger } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { IopRequestError } from '../iop/iop-verdict';
import { BrokenCircuitError, IopPausedError, type IopTrafficService } from './iop-traffic.service';
import type { ClaimedPush, PushOutbox } from './push-outbox';
import { retryDelayMs, type RetryDelayOptions } from './retry-delay';

const CLAIM_INTERVAL_MS = 10;

const sleepMs = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface DispatcherOptions extends RetryDelayOptions {
  /** Identifies this replica's leases. */
  owner: string;
  concurrency: number;
  /** How long a claim is ours; longer than a request can last, so a live worker never loses one mid-request. */
  leaseMs: number;
  pollIntervalMs: number;
}

/**
 * Drains one outbox: claims due rows (at most `concurrency` in flight, and
 * only what the traffic policy admits), delivers each, and records the result.
 * It runs in every replica; leases make each row go to one replica at a time,
 * which is also what keeps one request in flight per object.
 */
export class PushDispatcher<T extends ClaimedPush> {
  private readonly logger: Logger;
  private readonly inFlight = new Map<string, AbortController>();
  private running = false;
  private loop?: Promise<void>;
  private wakeUp?: () => void;
  private woken = false;
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
  }

  /** New work may be due (the consumer stored updates, or a push finished). */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /**
   * Stops claiming, lets requests in flight finish for up to `graceMs`, then
   * aborts the rest and hands their rows back so another replica takes them now.
   */
  async stop(graceMs: number): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake();
    await this.loop;
    if (this.inFlight.size > 0) {
      const drained = new Promise<void>((resolve) => (this.idle = resolve));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([drained, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
    }
    const unfinished = [...this.inFlight.keys()];
    if (unfinished.length === 0) return;
    for (const controller of this.inFlight.values()) controller.abort();
    await this.outbox.release(this.options.owner, unfinished);
    this.logger.warn({ handed_back: unfinished.length }, 'handed unfinished pushes back');
  }

  private async run(): Promise<void> {
    let lastClaim = 0;
    while (this.running) {
      // While requests are in flight, claim at most every CLAIM_INTERVAL_MS: slots freed meanwhile are
      // claimed together (one query for many rows) at the cost of a few milliseconds.
      const sinceClaim = Date.now() - lastClaim;
      if (this.inFlight.size > 0 && sinceClaim < CLAIM_INTERVAL_MS) await sleepMs(CLAIM_INTERVAL_MS - sinceClaim);
      lastClaim = Date.now();
      this.woken = false;
      const admission = this.traffic.admission();
      const limit = Math.min(this.options.concurrency - this.inFlight.size, admission.slots);
      let claimed: T[] = [];
      if (limit > 0) {
        try {
          claimed = await this.outbox.claim(this.options.owner, limit, this.options.leaseMs);
        } catch (error) {
          this.logger.error({ err: error }, 'could not claim due pushes (database unavailable?)');
        }
      }
      for (const item of claimed) this.process(item);
      if (claimed.length > 0 && claimed.length === limit) continue; // more may be due
      const waitMs = admission.slots === 0 ? Math.min(admission.retryInMs, this.options.pollIntervalMs) : this.options.pollIntervalMs;
      await this.sleep(waitMs);
    }
  }

  /** Waits `ms`, or less if woken. */
  private async sleep(ms: number): Promise<void> {
    if (this.woken) return;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
      this.wakeUp = resolve;
    });
    clearTimeout(timer);
    this.wakeUp = undefined;
  }

  private process(item: T): void {
    const controller = new AbortController();
    this.inFlight.set(item.key, controller);
    this.deliver(item, controller.signal)
      .catch((error: unknown) => this.logger.error({ err: error, key: item.key }, 'could not record a push result; the row returns when its lease ends'))
      .finally(() => {
        this.inFlight.delete(item.key);
        if (this.inFlight.size === 0) this.idle?.();
        this.wake();
      });
  }

  private async deliver(item: T, signal: AbortSignal): Promise<void> {
    const { owner } = this.options;
    let outcome;
    try {
      outcome = await this.outbox.deliver(item, signal);
    } catch (error) {
      if (signal.aborted) return; // shutdown hands the row back
      await this.failed(item, error);
      return;
    }
    await this.outbox.complete(owner, item, outcome);
  }

  private async failed(item: T, error: unknown): Promise<void> {
    const { owner } = this.options;
    const { kind } = this.outbox;
    if (error instanceof BrokenCircuitError) {
      await this.outbox.retry(owner, item, 0, 'circuit open', false);
      return;
    }
    if (error instanceof IopPausedError) {
      await this.outbox.retry(owner, item, error.retryInMs, error.message, false);
      return;
    }
    if (!(error instanceof IopRequestError)) {
      this.logger.error({ err: error, key: item.key }, 'push failed unexpectedly; retrying with backoff');
      this.retries.inc({ kind, reason: 'error' });
      await this.outbox.retry(owner, item, retryDelayMs(item.attempts + 1, this.options), String(error), true, true);
      return;
    }
    const { verdict } = error;
    switch (verdict.kind) {
      case 'refused':
        this.logger.warn({ key: item.key, reason: verdict.reason }, 'the IOP refused this object: parked');
        await this.outbox.park(owner, item, verdict.reason);
        return;
      case 'rate-limited':
        this.retries.inc({ kind, reason: 'rate_limited' });
        await this.outbox.retry(owner, item, verdict.retryAfterMs, verdict.reason, false);
        return;
      case 'unauthorized':
        // The pause gates every request; the object keeps its place in the queue.
        this.retries.inc({ kind, reason: 'unauthorized' });
        await this.outbox.retry(owner, item, 0, verdict.reason, false);
        return;
      case 'transient':
        this.retries.inc({ kind, reason: 'transient' });
        // The whole IOP down (circuit open): the breaker paces the probes, no backoff of its own,
        // so the probe is always the oldest pending object and the replay goes first in, first out.
        await this.outbox.retry(
          owner,
          item,
          this.traffic.circuitOpen ? 0 : retryDelayMs(item.attempts + 1, this.options),
          verdict.reason,
          true,
          error.outcomeUnknown,
        );
        return;
    }
  }
}
