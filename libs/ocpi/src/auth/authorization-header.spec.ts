import { formatAuthorizationHeader, parseAuthorizationHeader } from './authorization-header';

describe(parseAuthorizationHeader.name, () => {
  it('reads a raw token in 2.1.1', () => {
    expect(parseAuthorizationHeader('Token example-token', '2.1.1')).toBe('example-token');
  });

  it('decodes base64 in 2.2.1 (correct vector: no trailing newline, unlike the spec example)', () => {
    expect(parseAuthorizationHeader('Token ZXhhbXBsZS10b2tlbg==', '2.2.1')).toBe('example-token');
    // The spec's own example decodes to "example-token\n": a newline is not a valid token character.
    expect(parseAuthorizationHeader('Token ZXhhbXBsZS10b2tlbgo=', '2.2.1')).toBeNull();
  });

  it.each([
    [undefined, '2.1.1'],
    ['', '2.1.1'],
    ['Bearer abc', '2.1.1'],
    ['Token  two-spaces', '2.1.1'],
    ['Token has space', '2.1.1'],
    ['Token ' + 'x'.repeat(65), '2.1.1'],
    ['Token not*base64', '2.2.1'],
    ['Token ', '2.2.1'],
  ] as const)('rejects %p in %s', (header, version) => {
    expect(parseAuthorizationHeader(header, version)).toBeNull();
  });

  it('accepts a raw token on 2.2.1 only when asked to', () => {
    expect(parseAuthorizationHeader('Token raw*token', '2.2.1')).toBeNull();
    expect(parseAuthorizationHeader('Token raw*token', '2.2.1', { acceptRawOn221: true })).toBe('raw*token');
  });
});

describe(formatAuthorizationHeader.name, () => {
  it('round-trips in both versions', () => {
    for (const version of ['2.1.1', '2.2.1'] as const) {
      expect(parseAuthorizationHeader(formatAuthorizationHeader('tok-123_ABC', version), version)).toBe('tok-123_ABC');
    }
    expect(formatAuthorizationHeader('example-token', '2.2.1')).toBe('Token ZXhhbXBsZS10b2tlbg==');
  });
});
