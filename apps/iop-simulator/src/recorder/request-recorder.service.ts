import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { RecordedRequest } from './recorded-request';

const RECORDED_HEADERS = ['x-request-id', 'x-correlation-id', 'ocpi-from-country-code', 'ocpi-from-party-id', 'ocpi-to-country-code', 'ocpi-to-party-id', 'content-type', 'traceparent'];

/** The simulator's answer to an OCPI request, and what the request was about. */
export type Answer = Pick<RecordedRequest, 'version' | 'location_id' | 'evse_uid' | 'connector_id' | 'http_status' | 'problems'> & { body: object };

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

  /** Records an OCPI request handled (not faulted) with the answer it gets. */
  recordAnswer(req: FastifyRequest, answer: Answer): RecordedRequest {
    const { body, ...about } = answer;
    return this.record({
      ...about,
      method: req.method,
      path: req.url.split('?')[0],
      body: req.body,
      headers: pickHeaders(req),
      // Set on arrival by the fault injection hooks; a request that bypassed them is stamped now.
      received_at: req.receivedAt || new Date().toISOString(),
      ocpi_status_code: (body as { status_code?: number }).status_code,
      fault: req.answerLost,
      completed_at: new Date().toISOString(),
    });
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

function pickHeaders(req: FastifyRequest): Record<string, string> {
  return Object.fromEntries(RECORDED_HEADERS.filter((name) => typeof req.headers[name] === 'string').map((name) => [name, req.headers[name] as string]));
}
