import { Injectable } from '@nestjs/common';
import type { ErrorKind, FaultsDto } from './faults.dto';

/** What to do with one OCPI request, decided before it reaches its handler. */
export type FaultDecision = { kind: 'none' } | { kind: 'outage' | 'unauthorized' | 'refused' | ErrorKind } | { kind: 'rate_limited'; retryAfterSeconds: number };

/** Holds the active faults and decides, per request, which one applies. */
@Injectable()
export class FaultsService {
  private faults: FaultsDto = {};
  private requestCount = 0;
  private script: ErrorKind[] = [];
  private readonly held = new Set<() => void>();
  /** Replaceable in unit tests to make error draws deterministic. */
  random: () => number = Math.random;

  set(faults: FaultsDto): FaultsDto {
    this.faults = { ...faults };
    this.script = [...(faults.next_faults ?? [])];
    this.requestCount = 0;
    return this.active();
  }

  active(): FaultsDto {
    return { ...this.faults, ...(this.faults.next_faults ? { next_faults: [...this.script] } : {}) };
  }

  /** A `held` request waits here until released. */
  hold(): Promise<void> {
    return new Promise((resolve) => this.held.add(resolve));
  }

  /** Lets every held request go on (to be applied); returns how many. */
  releaseHeld(): number {
    const count = this.held.size;
    for (const release of this.held) release();
    this.held.clear();
    return count;
  }

  heldCount(): number {
    return this.held.size;
  }

  clear(): void {
    this.set({});
  }

  latencyMs(): number {
    return this.faults.latency_ms ?? 0;
  }

  /** `locationsObject`: a request to the Locations receiver (the scripted faults apply to those alone, not to version discovery). */
  decide(evseUid: string | undefined, locationsObject = true): FaultDecision {
    const f = this.faults;
    this.requestCount += 1;
    const scripted = locationsObject ? this.script.shift() : undefined;
    if (scripted) return { kind: scripted };
    if (f.outage) return { kind: 'outage' };
    if (f.unauthorized) return { kind: 'unauthorized' };
    if (f.rate_limit && this.requestCount % f.rate_limit.every_nth === 0) return { kind: 'rate_limited', retryAfterSeconds: f.rate_limit.retry_after_s };
    if (evseUid !== undefined && f.refuse_evse_uids?.includes(evseUid)) return { kind: 'refused' };
    const kinds = f.error_kinds?.length ? f.error_kinds : (['http_500'] as ErrorKind[]);
    if (f.error_rate && this.random() < f.error_rate) return { kind: kinds[Math.floor(this.random() * kinds.length)] };
    return { kind: 'none' };
  }
}
