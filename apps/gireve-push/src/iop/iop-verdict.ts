/** What the IOP answered one request with: HTTP status and, when the body was an OCPI envelope, its content. */
export interface IopResponse {
  httpStatus: number;
  ocpiStatusCode?: number;
  ocpiStatusMessage?: string;
  /** The Retry-After header, as sent. */
  retryAfter?: string;
  data?: unknown;
}

/**
 * How a push reacts to an IOP answer:
 * - accepted: done;
 * - transient: the IOP or the network failed (timeout, reset, HTTP 5xx, OCPI 3xxx, hub 4xxx): retry with backoff; counts toward the circuit breaker;
 * - rate-limited: HTTP 429: every request waits Retry-After;
 * - unauthorized: HTTP 401/403, our token is refused: every request pauses, then one probes;
 * - refused: HTTP 4xx or OCPI 2xxx for this object: park it with the reason, other objects go on.
 */
export type IopVerdict =
  | { kind: 'accepted' }
  | { kind: 'transient'; reason: string }
  | { kind: 'rate-limited'; retryAfterMs: number; reason: string }
  | { kind: 'unauthorized'; reason: string }
  | { kind: 'refused'; reason: string };

/** Used when a 429 has no usable Retry-After. */
const DEFAULT_RETRY_AFTER_MS = 1_000;

export function judgeIopResponse(response: IopResponse, now: number = Date.now()): IopVerdict {
  const { httpStatus, ocpiStatusCode } = response;
  const reason = describe(response);
  if (httpStatus === 429) return { kind: 'rate-limited', retryAfterMs: retryAfterMs(response.retryAfter, now), reason };
  if (httpStatus === 401 || httpStatus === 403) return { kind: 'unauthorized', reason };
  if (httpStatus === 408) return { kind: 'transient', reason };
  if (httpStatus >= 400 && httpStatus < 500) return { kind: 'refused', reason };
  if (httpStatus < 200 || httpStatus >= 300) return { kind: 'transient', reason };
  if (ocpiStatusCode === undefined) return { kind: 'transient', reason: `${reason} (no OCPI envelope)` };
  if (ocpiStatusCode >= 1000 && ocpiStatusCode < 2000) return { kind: 'accepted' };
  if (ocpiStatusCode >= 2000 && ocpiStatusCode < 3000) return { kind: 'refused', reason };
  return { kind: 'transient', reason };
}

/** Retry-After is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
export function retryAfterMs(header: string | undefined, now: number = Date.now()): number {
  if (header === undefined || header.trim() === '') return DEFAULT_RETRY_AFTER_MS;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? DEFAULT_RETRY_AFTER_MS : Math.max(0, date - now);
}

function describe(response: IopResponse): string {
  const ocpi = response.ocpiStatusCode === undefined ? '' : `, OCPI ${response.ocpiStatusCode}`;
  const message = response.ocpiStatusMessage ? ` ${response.ocpiStatusMessage.slice(0, 200)}` : '';
  return `HTTP ${response.httpStatus}${ocpi}${message}`;
}

/** A request that did not end in `accepted`; carries the verdict so callers can react to its kind. */
export class IopRequestError extends Error {
  constructor(
    readonly verdict: Exclude<IopVerdict, { kind: 'accepted' }>,
    /** The answer, when the IOP gave one (absent for network failures and timeouts). */
    readonly response?: IopResponse,
    /** The IOP may have applied the request, or may still apply it (timeout, connection cut after sending, 502/504). */
    readonly outcomeUnknown = false,
  ) {
    super(verdict.reason);
    this.name = 'IopRequestError';
  }
}

/** Failures raised before the request could reach the IOP: it was surely not applied. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** Whether a request that failed without an answer may still have been applied by the IOP. */
export function mayHaveBeenApplied(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return !(typeof code === 'string' && NOT_SENT_CODES.has(code));
}

/** Answers of a gateway in front of the IOP: the IOP itself may have applied the request. */
export function isGatewayAnswer(httpStatus: number): boolean {
  return httpStatus === 502 || httpStatus === 504;
}
