import { judgeIopResponse, retryAfterMs } from './iop-verdict';

describe(judgeIopResponse.name, () => {
  it('accepts HTTP 2xx with an OCPI 1xxx status', () => {
    expect(judgeIopResponse({ httpStatus: 200, ocpiStatusCode: 1000 })).toEqual({ kind: 'accepted' });
    expect(judgeIopResponse({ httpStatus: 201, ocpiStatusCode: 1000 })).toEqual({ kind: 'accepted' });
  });

  it.each([
    [500, undefined],
    [503, undefined],
    [502, 3000],
    [200, 3000],
    [200, 3001],
    [200, 4002],
    [408, undefined],
    [200, undefined],
  ])('retries HTTP %p / OCPI %p with backoff (technical failure)', (httpStatus, ocpiStatusCode) => {
    expect(judgeIopResponse({ httpStatus, ocpiStatusCode }).kind).toBe('transient');
  });

  it.each([
    [200, 2001],
    [200, 2003],
    [400, undefined],
    [404, 2003],
    [422, undefined],
  ])('parks the object on HTTP %p / OCPI %p, with the reason', (httpStatus, ocpiStatusCode) => {
    const verdict = judgeIopResponse({ httpStatus, ocpiStatusCode, ocpiStatusMessage: 'Unknown EVSE' });
    expect(verdict.kind).toBe('refused');
    expect(verdict).toMatchObject({ reason: expect.stringContaining(`HTTP ${httpStatus}`) });
    expect(verdict).toMatchObject({ reason: expect.stringContaining('Unknown EVSE') });
  });

  it.each([401, 403])('treats HTTP %p as our token refused', (httpStatus) => {
    expect(judgeIopResponse({ httpStatus }).kind).toBe('unauthorized');
  });

  it('honours Retry-After on HTTP 429', () => {
    expect(judgeIopResponse({ httpStatus: 429, retryAfter: '7' })).toMatchObject({ kind: 'rate-limited', retryAfterMs: 7000 });
  });
});

describe(retryAfterMs.name, () => {
  const now = Date.parse('2026-11-23T10:00:00Z');

  it('reads delay-seconds', () => {
    expect(retryAfterMs('3', now)).toBe(3000);
  });

  it('reads an HTTP-date', () => {
    expect(retryAfterMs('Mon, 23 Nov 2026 10:00:05 GMT', now)).toBe(5000);
  });

  it('falls back to one second when absent or unreadable, and never goes negative', () => {
    expect(retryAfterMs(undefined, now)).toBe(1000);
    expect(retryAfterMs('soon', now)).toBe(1000);
    expect(retryAfterMs('Mon, 23 Nov 2026 09:00:00 GMT', now)).toBe(0);
  });
});
