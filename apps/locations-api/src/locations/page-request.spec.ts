import { encodeCursor, nextPageQuery, parsePageRequest, withZone } from './page-request';

describe('parsePageRequest', () => {
  it('defaults to the first page at our cap, and caps a larger limit', () => {
    expect(parsePageRequest({}, 100)).toEqual({ offset: 0, limit: 100 });
    expect(parsePageRequest({ offset: '20', limit: '2000' }, 100)).toEqual({ offset: 20, limit: 100 });
    expect(parsePageRequest({ limit: '7' }, 100)).toEqual({ offset: 0, limit: 7 });
  });

  it.each([
    [{ offset: '-1' }, /offset/],
    [{ offset: '1.5' }, /offset/],
    [{ limit: '0' }, /limit/],
    [{ limit: 'ten' }, /limit/],
    [{ date_from: 'yesterday' }, /date_from/],
    [{ date_to: '2026-13-45T99:00:00Z' }, /date_to/],
    [{ cursor: 'not-ours' }, /cursor/],
  ])('rejects %j', (query, message) => {
    expect(parsePageRequest(query, 100)).toMatch(message);
  });

  it('keeps the date filters as sent, to carry them into Link', () => {
    const request = parsePageRequest({ date_from: '2026-01-01T00:00:00Z', date_to: '2026-01-02T00:00:00.5' }, 100);
    expect(request).toMatchObject({ dateFrom: '2026-01-01T00:00:00Z', dateTo: '2026-01-02T00:00:00.5' });
  });

  it('trusts a cursor only at the offset it was issued for', () => {
    const cursor = encodeCursor(200, '1234');
    expect(parsePageRequest({ offset: '200', cursor }, 100)).toMatchObject({ offset: 200, afterSeq: '1234' });
    expect(parsePageRequest({ offset: '300', cursor }, 100)).not.toHaveProperty('afterSeq');
  });
});

describe('withZone', () => {
  it('reads a DateTime without zone as UTC', () => {
    expect(withZone('2026-01-01T00:00:00')).toBe('2026-01-01T00:00:00Z');
    expect(withZone('2026-01-01T00:00:00Z')).toBe('2026-01-01T00:00:00Z');
  });
});

describe('nextPageQuery', () => {
  it('carries the filters as sent, the limit, the next offset and its cursor', () => {
    const request = parsePageRequest({ date_from: '2026-01-01T00:00:00Z', date_to: '2026-02-01T00:00:00Z', limit: '50' }, 100) as Exclude<ReturnType<typeof parsePageRequest>, string>;
    const query = nextPageQuery(request, { offset: 50, afterSeq: '777' });
    expect(Object.fromEntries(query)).toEqual({ offset: '50', limit: '50', date_from: '2026-01-01T00:00:00Z', date_to: '2026-02-01T00:00:00Z', cursor: encodeCursor(50, '777') });
    expect(parsePageRequest(Object.fromEntries(query), 100)).toMatchObject({ offset: 50, afterSeq: '777' });
  });
});
