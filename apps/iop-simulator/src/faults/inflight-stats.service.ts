import { Injectable } from '@nestjs/common';

/** What a Locations request is about: a Location as a whole (its PUT), or one EVSE (or one of its connectors). */
export interface InflightObject {
  /** country/party/location. */
  location: string;
  evse?: string;
}

/**
 * Counts OCPI requests in flight per EVSE, to check the push's invariant
 * "never two requests in flight for one EVSE" from the IOP's side. A request
 * for the Location as a whole (a PUT carrying its EVSEs) is in flight for
 * every EVSE of it: it overlaps any request for one of them.
 */
@Injectable()
export class InflightStatsService {
  private readonly perEvse = new Map<string, number>();
  /** Per Location: requests for it as a whole, and for its EVSEs, in flight. */
  private readonly perLocation = new Map<string, { whole: number; evses: number }>();
  private maxPerEvse = 0;
  private total = 0;
  private readonly byHttpStatus = new Map<number, number>();
  private readonly violations: { evse_uid: string; at: string }[] = [];

  /** Marks a request as started; call the returned function when it ends. */
  enter(object: InflightObject | undefined): () => void {
    this.total += 1;
    if (object === undefined) return () => undefined;
    const location = this.perLocation.get(object.location) ?? { whole: 0, evses: 0 };
    this.perLocation.set(object.location, location);
    const evseKey = object.evse === undefined ? undefined : `${object.location}/${object.evse}`;
    let now: number;
    if (evseKey === undefined) {
      location.whole += 1;
      now = location.whole + Math.min(location.evses, 1);
    } else {
      this.perEvse.set(evseKey, (this.perEvse.get(evseKey) ?? 0) + 1);
      location.evses += 1;
      now = this.perEvse.get(evseKey)! + location.whole;
    }
    this.maxPerEvse = Math.max(this.maxPerEvse, now);
    if (now > 1 && this.violations.length < 1000) this.violations.push({ evse_uid: evseKey ?? `${object.location} (whole Location)`, at: new Date().toISOString() });
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (evseKey === undefined) location.whole -= 1;
      else {
        location.evses -= 1;
        const left = this.perEvse.get(evseKey)! - 1;
        if (left === 0) this.perEvse.delete(evseKey);
        else this.perEvse.set(evseKey, left);
      }
      if (location.whole === 0 && location.evses === 0) this.perLocation.delete(object.location);
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
