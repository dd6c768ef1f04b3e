import { retryDelayMs } from './retry-delay';

describe(retryDelayMs.name, () => {
  const options = { initialDelayMs: 1000, maxDelayMs: 60_000 };

  it('doubles per failed attempt, with jitter between half and the whole delay', () => {
    for (const [attempts, full] of [
      [1, 1000],
      [2, 2000],
      [3, 4000],
      [5, 16_000],
    ]) {
      for (let i = 0; i < 50; i++) {
        const delay = retryDelayMs(attempts, options);
        expect(delay).toBeGreaterThanOrEqual(full / 2);
        expect(delay).toBeLessThan(full);
      }
    }
  });

  it('is capped', () => {
    for (let i = 0; i < 50; i++) expect(retryDelayMs(40, options)).toBeLessThanOrEqual(60_000);
  });

  it('spreads objects that failed together', () => {
    const delays = new Set(Array.from({ length: 20 }, () => retryDelayMs(4, options)));
    expect(delays.size).toBeGreaterThan(10);
  });
});
