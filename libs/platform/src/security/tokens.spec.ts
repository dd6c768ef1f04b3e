import { hashToken, newToken, tokensEqual } from './tokens';

describe('tokens', () => {
  it('compares equal tokens as equal and different ones (any length) as different', () => {
    expect(tokensEqual('abc', 'abc')).toBe(true);
    expect(tokensEqual('abc', 'abd')).toBe(false);
    expect(tokensEqual('abc', 'abcd')).toBe(false);
    expect(tokensEqual('', 'abc')).toBe(false);
  });

  it('hashes deterministically without revealing the token', () => {
    expect(hashToken('secret')).toBe(hashToken('secret'));
    expect(hashToken('secret')).not.toContain('secret');
    expect(hashToken('secret')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('makes fresh printable tokens within OCPI string(64)', () => {
    const a = newToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newToken()).not.toBe(a);
  });
});
