import { Injectable } from '@nestjs/common';

/**
 * Counts OCPI requests in flight per EVSE, to check the push's invariant
 * "never two requests in flight for one EVSE" from the IOP's side.
 */
@Injectable()
export class InflightStatsService {
  private readonly inFlight = new Map<string, number>();
  private maxPerEvse = 0;
  private total = 0;
  private readonly byHttpStatus = new Map<number, number>();
  private readonly violations: { evse_uid: string; at: string }[] = [];

  /** Marks a request for `evseKey` as started; call the returned function when it ends. */
  enter(evseKey: string | undefined): () => void {
    this.total += 1;
    if (evseKey === undefined) return () => undefined;
    const now = (this.inFlight.get(evseKey) ?? 0) + 1;
    this.inFlight.set(evseKey, now);
    this.maxPerEvse = Math.max(this.maxPerEvse, now);
    if (now > 1 && this.violations.length < 1000) this.violations.push({ evse_uid: evseKey, at: new Date().toISOString() });
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.inFlight.get(evseKey) ?? 1) - 1;
      if (left === 0) this.inFlight.delete(evseKey);
      else this.inFlight.set(evseKey, left);
    };
  }

  answered(httpStatus: number): void {
    this.byHttpStatus.set(httpStatus, (this.byHttpStatus.get(httpStatus) ?? 0) + 1);
  }

  snapshot() {
    return {
      requests_total: this.total,
      by_http_status: Object.fromEntries(this.byHttpStatus),
      max_in_flight_per_evse: this.maxPerEvse,
      in_flight_violations: [...this.violations],
    };
  }
}
