import { halfJitterGenerator } from 'cockatiel';

export interface RetryDelayOptions {
  initialDelayMs: number;
  maxDelayMs: number;
}

/**
 * Delay before the next attempt of an object that failed `attempts` times in a
 * row: exponential (×2), capped, with jitter in [delay/2, delay) so objects
 * that failed together do not retry together. The attempt count lives in the
 * outbox row, so the schedule survives restarts.
 */
export function retryDelayMs(attempts: number, { initialDelayMs, maxDelayMs }: RetryDelayOptions): number {
  const [delay] = halfJitterGenerator(Math.max(0, attempts - 1), { initialDelay: initialDelayMs, maxDelay: maxDelayMs, exponent: 2, generator: halfJitterGenerator });
  return delay;
}
