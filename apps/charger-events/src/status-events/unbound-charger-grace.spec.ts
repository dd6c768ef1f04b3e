import { UnboundChargerGrace } from './unbound-charger-grace';

describe('UnboundChargerGrace', () => {
  it('is in grace from the first sight of a charger until the period ends, per charger', () => {
    let now = 1_000;
    const grace = new UnboundChargerGrace(120_000, () => now);
    expect(grace.inGrace('CP1')).toBe(true);
    now += 119_999;
    expect(grace.inGrace('CP1')).toBe(true);
    expect(grace.inGrace('CP2')).toBe(true);
    now += 1;
    expect(grace.inGrace('CP1')).toBe(false);
    expect(grace.inGrace('CP2')).toBe(true);
  });

  it('has no grace when the period is 0', () => {
    expect(new UnboundChargerGrace(0).inGrace('CP1')).toBe(false);
  });
});
