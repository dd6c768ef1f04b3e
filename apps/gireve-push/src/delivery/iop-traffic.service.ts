import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import Bottleneck from 'bottleneck';
import {
  BrokenCircuitError,
  circuitBreaker,
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  handleWhen,
  TaskCancelledError,
  timeout,
  type TimeoutPolicy,
  TimeoutStrategy,
} from 'cockatiel';
import type { Counter, Gauge, Histogram } from 'prom-client';
import { GirevePushSettings } from '../gireve-push.settings';
import { type IopCall, IopClientService } from '../iop/iop-client.service';
import { type IopConnection, IopEndpointsService } from '../iop/iop-endpoints.service';
import { IopRequestError, type IopResponse, isGatewayAnswer, judgeIopResponse, mayHaveBeenApplied } from '../iop/iop-verdict';
import { PUSH_METRICS, type PushKind, type RequestResult } from '../metrics/push-metrics';

/** How many requests may start now, and when to ask again if none. */
export interface Admission {
  slots: number;
  retryInMs: number;
}

/** Thrown instead of sending while the circuit is open: the object was not tried, so it costs no attempt. */
export { BrokenCircuitError };

/** Thrown instead of sending during a pause (429 Retry-After, refused token): the object was not tried. */
export class IopPausedError extends Error {
  constructor(readonly retryInMs: number) {
    super(`requests to the IOP are paused for ${retryInMs} ms`);
    this.name = 'IopPausedError';
  }
}

/**
 * Every request to the IOP passes here: the rate limit (bottleneck), the
 * timeout and circuit breaker (cockatiel), and the global pauses: Retry-After
 * on HTTP 429, a slow retry on 401/403. After the circuit opened or the token
 * was refused, one request at a time probes until one succeeds.
 */
@Injectable()
export class IopTrafficService implements OnApplicationShutdown {
  private readonly logger = new Logger(IopTrafficService.name);
  private readonly breaker: CircuitBreakerPolicy;
  private readonly timeout: TimeoutPolicy;
  private readonly limiter?: Bottleneck;
  private readonly changeListeners: (() => void)[] = [];
  private pausedUntil = 0;
  private probing = false;
  private openedAt = 0;
  private inFlight = 0;

  constructor(
    private readonly client: IopClientService,
    private readonly endpoints: IopEndpointsService,
    private readonly settings: GirevePushSettings,
    @InjectMetric(PUSH_METRICS.requests) private readonly requests: Counter<'kind' | 'result'>,
    @InjectMetric(PUSH_METRICS.requestDuration) private readonly duration: Histogram<'kind'>,
    @InjectMetric(PUSH_METRICS.circuitOpen) circuitOpen: Gauge,
  ) {
    // abortOnReturn off: aborting every finished request's signal costs a DOMException each.
    this.timeout = timeout(settings.IOP_REQUEST_TIMEOUT_MS, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false });
    this.breaker = circuitBreaker(handleWhen(isTechnicalFailure), {
      halfOpenAfter: settings.CIRCUIT_HALF_OPEN_AFTER_MS,
      breaker: new ConsecutiveBreaker(settings.CIRCUIT_BREAKER_THRESHOLD),
    });
    circuitOpen.set(0);
    this.breaker.onBreak(() => {
      this.openedAt = Date.now();
      circuitOpen.set(1);
      this.logger.error({ half_open_after_ms: settings.CIRCUIT_HALF_OPEN_AFTER_MS }, 'IOP unreachable: circuit opened, updates are stored and sent when it is back');
      this.iopWideChange();
    });
    this.breaker.onReset(() => {
      circuitOpen.set(0);
      this.logger.log('IOP reachable again: circuit closed, sending stored updates');
      this.iopWideChange();
    });
    this.limiter = rateLimiter(settings.IOP_RATE_LIMIT_PER_SECOND);
  }

  /**
   * Called when the IOP as a whole went down or came back (circuit opened or
   * closed, token accepted again): the backoffs of single objects that failed
   * meanwhile no longer mean anything.
   */
  onIopWideChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  get circuitOpen(): boolean {
    return this.breaker.state !== CircuitState.Closed;
  }

  get blockedUntil(): number {
    return this.pausedUntil;
  }

  admission(now: number = Date.now()): Admission {
    if (now < this.pausedUntil) return { slots: 0, retryInMs: this.pausedUntil - now };
    if (this.breaker.state === CircuitState.Open) {
      const probeAt = this.openedAt + this.settings.CIRCUIT_HALF_OPEN_AFTER_MS;
      if (now < probeAt) return { slots: 0, retryInMs: probeAt - now };
      return { slots: this.inFlight === 0 ? 1 : 0, retryInMs: 50 };
    }
    if (this.breaker.state === CircuitState.HalfOpen || this.probing) return { slots: this.inFlight === 0 ? 1 : 0, retryInMs: 50 };
    return { slots: Number.POSITIVE_INFINITY, retryInMs: 0 };
  }

  /**
   * Sends one request; resolves with the response only when the IOP accepted
   * it, otherwise throws IopRequestError (with the verdict) or BrokenCircuitError.
   * `signal` aborts it (graceful shutdown hands the object back).
   */
  async send(kind: PushKind, call: IopCall, signal?: AbortSignal): Promise<IopResponse> {
    this.inFlight++;
    try {
      const response = await this.schedule(() => {
        // Requests already queued when a pause began wait with the others (their rows are handed back).
        const pausedFor = this.pausedUntil - Date.now();
        if (pausedFor > 0) throw new IopPausedError(pausedFor);
        return this.breaker.execute(() => this.timeout.execute(({ signal: attemptSignal }) => this.attempt(kind, call, attemptSignal), signal));
      });
      if (this.probing) {
        this.probing = false;
        this.logger.log('the IOP accepts our token again');
        this.iopWideChange();
      }
      return response;
    } catch (error) {
      throw this.react(kind, error);
    } finally {
      this.inFlight--;
    }
  }

  /**
   * The IOP's connection (its registration, or discovery through its versions
   * endpoint) under the policy requests follow: not during a pause, not while
   * the circuit is open, and a failure (a 401 from the versions endpoint)
   * pauses or counts toward the circuit as a request's would.
   */
  async connection(kind: PushKind): Promise<IopConnection> {
    const pausedFor = this.pausedUntil - Date.now();
    if (pausedFor > 0) throw new IopPausedError(pausedFor);
    try {
      return await this.breaker.execute(() => this.endpoints.connection());
    } catch (error) {
      throw this.react(kind, error);
    }
  }

  private schedule<T>(task: () => Promise<T>): Promise<T> {
    return this.limiter ? this.limiter.schedule(task) : task();
  }

  private async attempt(kind: PushKind, call: IopCall, signal: AbortSignal): Promise<IopResponse> {
    const stopTimer = this.duration.startTimer({ kind });
    let response: IopResponse;
    try {
      response = await this.client.call(call, signal);
    } catch (error) {
      if (error instanceof IopRequestError) throw error; // endpoint discovery already judged it
      throw new IopRequestError({ kind: 'transient', reason: networkReason(error) }, undefined, mayHaveBeenApplied(error));
    } finally {
      stopTimer();
    }
    const verdict = judgeIopResponse(response);
    if (verdict.kind === 'accepted') {
      this.requests.inc({ kind, result: 'accepted' });
      return response;
    }
    throw new IopRequestError(verdict, response, isGatewayAnswer(response.httpStatus));
  }

  /** Applies the global reactions (pauses, probing, metrics) and returns the error the caller sees. */
  private react(kind: PushKind, error: unknown): unknown {
    if (error instanceof BrokenCircuitError || error instanceof IopPausedError) return error;
    // Not an IopRequestError: the timeout (TaskCancelledError) or a failure around the request; the IOP may have it.
    const failure = error instanceof IopRequestError ? error : new IopRequestError({ kind: 'transient', reason: networkReason(error) }, undefined, true);
    const { verdict } = failure;
    this.requests.inc({ kind, result: RESULTS[verdict.kind] });
    if (verdict.kind === 'rate-limited') {
      const alreadyPaused = this.pausedUntil > Date.now();
      this.pausedUntil = Math.max(this.pausedUntil, Date.now() + verdict.retryAfterMs);
      if (!alreadyPaused) this.logger.warn({ retry_after_ms: verdict.retryAfterMs }, 'IOP rate limit (HTTP 429): all requests wait for Retry-After');
    } else if (verdict.kind === 'unauthorized') {
      const alreadyPaused = this.probing && this.pausedUntil > Date.now();
      this.pausedUntil = Math.max(this.pausedUntil, Date.now() + this.settings.UNAUTHORIZED_RETRY_DELAY_MS);
      this.probing = true;
      this.endpoints.invalidate();
      if (alreadyPaused) return failure; // requests that were in flight together: one error log is enough
      this.logger.error(
        { reason: verdict.reason, retry_in_ms: this.settings.UNAUTHORIZED_RETRY_DELAY_MS },
        'the IOP refused our token (401/403): requests paused; check the IOP registration (token B)',
      );
    } else if (verdict.kind === 'transient' && !failure.response) {
      this.endpoints.invalidate(); // a network failure may mean the IOP moved: read its version details again
    }
    return failure;
  }

  private iopWideChange(): void {
    for (const listener of this.changeListeners) listener();
  }

  // After the worker's beforeApplicationShutdown: requests in flight may finish within its grace period.
  async onApplicationShutdown(): Promise<void> {
    await this.limiter?.stop({ dropWaitingJobs: true });
  }
}

const RESULTS: Record<Exclude<ReturnType<typeof judgeIopResponse>['kind'], 'accepted'>, RequestResult> = {
  transient: 'transient',
  'rate-limited': 'rate_limited',
  unauthorized: 'unauthorized',
  refused: 'refused',
};

/** Failures the circuit breaker counts: the IOP or the network is down, not a refusal of one object. */
function isTechnicalFailure(error: Error): boolean {
  return error instanceof TaskCancelledError || (error instanceof IopRequestError && error.verdict.kind === 'transient');
}

function networkReason(error: unknown): string {
  if (error instanceof TaskCancelledError) return 'timeout';
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? `${code}: ${message}` : message;
}

/** A token bucket refilled every ~100 ms, so high rates need no sub-millisecond timers. */
function rateLimiter(perSecond: number): Bottleneck | undefined {
  if (perSecond === 0) return undefined;
  const amount = Math.max(1, Math.ceil(perSecond / 10));
  return new Bottleneck({ reservoir: amount, reservoirRefreshAmount: amount, reservoirRefreshInterval: Math.round((1000 * amount) / perSecond) });
}
