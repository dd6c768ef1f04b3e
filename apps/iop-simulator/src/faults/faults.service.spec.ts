import { FaultsService } from './faults.service';

describe(FaultsService.name, () => {
  it('lets every request through without faults', () => {
    const sut = new FaultsService();
    expect(sut.decide('E1')).toEqual({ kind: 'none' });
  });

  it('applies an outage before anything else', () => {
    const sut = new FaultsService();
    sut.set({ outage: true, unauthorized: true });
    expect(sut.decide('E1').kind).toBe('outage');
  });

  it('refuses only the listed EVSEs', () => {
    const sut = new FaultsService();
    sut.set({ refuse_evse_uids: ['BAD'] });
    expect(sut.decide('BAD').kind).toBe('refused');
    expect(sut.decide('GOOD').kind).toBe('none');
  });

  it('rate-limits every n-th request with its Retry-After', () => {
    const sut = new FaultsService();
    sut.set({ rate_limit: { every_nth: 3, retry_after_s: 2 } });
    const kinds = [1, 2, 3, 4, 5, 6].map(() => sut.decide('E').kind);
    expect(kinds).toEqual(['none', 'none', 'rate_limited', 'none', 'none', 'rate_limited']);
  });

  it('draws errors at the configured rate from the configured kinds', () => {
    const draws = [0.1, 0.99, 0.5, 0.9];
    const sut = new FaultsService();
    sut.random = () => draws.shift() ?? 0.99;
    sut.set({ error_rate: 0.5, error_kinds: ['reset', 'ocpi_3000'] });
    expect(sut.decide('E').kind).toBe('ocpi_3000'); // 0.1 < 0.5 → error; 0.99 picks the second kind
    expect(sut.decide('E').kind).toBe('none'); // 0.5 is not < 0.5
  });

  it('plays the scripted faults first, in order, on Locations requests alone, then holds until released', async () => {
    const sut = new FaultsService();
    sut.set({ next_faults: ['held', 'applied_reset'] });
    expect(sut.decide(undefined, false)).toEqual({ kind: 'none' }); // version discovery
    expect(sut.decide('E1')).toEqual({ kind: 'held' });
    expect(sut.decide('E1')).toEqual({ kind: 'applied_reset' });
    expect(sut.decide('E1')).toEqual({ kind: 'none' });
    let released = false;
    const held = sut.hold().then(() => (released = true));
    expect(sut.heldCount()).toBe(1);
    await Promise.resolve();
    expect(released).toBe(false);
    expect(sut.releaseHeld()).toBe(1);
    await held;
    expect(released).toBe(true);
  });
});
