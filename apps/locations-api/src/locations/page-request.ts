/**
 * A GET-list request of the Locations sender, validated. `cursor` is our own
 * addition to the `Link` we hand out: it names the last row of the previous
 * page, so following Link reads the next page from the index (keyset) instead
 * of skipping `offset` rows. It is only trusted for the offset it was issued
 * for; a client that edits `offset` gets plain offset semantics.
 */
export interface PageRequest {
  offset: number;
  limit: number;
  /** Inclusive lower bound on last_updated, as sent (carried into Link unchanged). */
  dateFrom?: string;
  /** Exclusive upper bound on last_updated, as sent. */
  dateTo?: string;
  /** The seq after which this page starts, when the cursor matches `offset`. */
  afterSeq?: string;
}

export interface PageQuery {
  offset?: string;
  limit?: string;
  date_from?: string;
  date_to?: string;
  cursor?: string;
}

const NON_NEGATIVE_INT = /^\d{1,9}$/;
/** OCPI DateTime (2.1.1 ISO 8601 / 2.2.1 RFC 3339 subset); a time without zone is UTC. An offset is tolerated. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?$/;

/** Parses the query of a GET list, or returns why it is invalid. `cap` is our largest page (X-Limit). */
export function parsePageRequest(query: PageQuery, cap: number): PageRequest | string {
  const offset = query.offset === undefined ? 0 : NON_NEGATIVE_INT.test(query.offset) ? Number(query.offset) : NaN;
  if (Number.isNaN(offset)) return 'offset must be a non-negative integer';
  const requested = query.limit === undefined ? cap : NON_NEGATIVE_INT.test(query.limit) ? Number(query.limit) : NaN;
  if (Number.isNaN(requested) || requested < 1) return 'limit must be a positive integer';
  const request: PageRequest = { offset, limit: Math.min(requested, cap) };
  for (const [name, field] of [
    ['date_from', 'dateFrom'],
    ['date_to', 'dateTo'],
  ] as const) {
    const value = query[name];
    if (value === undefined) continue;
    if (!DATE_TIME.test(value) || Number.isNaN(Date.parse(withZone(value)))) return `${name} must be an OCPI DateTime (e.g. 2026-01-31T12:00:00Z)`;
    request[field] = value;
  }
  if (query.cursor !== undefined) {
    const cursor = decodeCursor(query.cursor);
    if (cursor === undefined) return 'cursor is not one this server issued';
    if (cursor.offset === offset) request.afterSeq = cursor.afterSeq;
  }
  return request;
}

/** The value to compare with last_updated: OCPI says a DateTime without zone is UTC (JavaScript would read it as local time). */
export function withZone(dateTime: string): string {
  return /(Z|[+-]\d{2}:\d{2})$/.test(dateTime) ? dateTime : `${dateTime}Z`;
}

export function encodeCursor(offset: number, afterSeq: string): string {
  return Buffer.from(`${offset}.${afterSeq}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { offset: number; afterSeq: string } | undefined {
  const match = /^(\d{1,9})\.(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? { offset: Number(match[1]), afterSeq: match[2] } : undefined;
}

/** The query of the next page's Link: the same filters and limit, the next offset, and the cursor that makes it a keyset read. */
export function nextPageQuery(request: PageRequest, next: { offset: number; afterSeq: string }): URLSearchParams {
  const query = new URLSearchParams({ offset: String(next.offset), limit: String(request.limit) });
  if (request.dateFrom !== undefined) query.set('date_from', request.dateFrom);
  if (request.dateTo !== undefined) query.set('date_to', request.dateTo);
  query.set('cursor', encodeCursor(next.offset, next.afterSeq));
  return query;
}
