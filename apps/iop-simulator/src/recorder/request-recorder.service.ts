import { Injectable } from '@nestjs/common';
import type { RecordedRequest } from './recorded-request';

/** Keeps every request the simulated IOP received, in arrival order, for tests and the invariant checker. */
@Injectable()
export class RequestRecorderService {
  private requests: RecordedRequest[] = [];
  private seq = 0;

  record(request: Omit<RecordedRequest, 'seq'>): RecordedRequest {
    const recorded = { ...request, seq: ++this.seq };
    this.requests.push(recorded);
    return recorded;
  }

  list(filter: { evse_uid?: string; location_id?: string; since?: number } = {}): RecordedRequest[] {
    return this.requests.filter(
      (r) =>
        (filter.evse_uid === undefined || r.evse_uid === filter.evse_uid) &&
        (filter.location_id === undefined || r.location_id === filter.location_id) &&
        (filter.since === undefined || r.seq > filter.since),
    );
  }

  clear(): void {
    this.requests = [];
  }
}
