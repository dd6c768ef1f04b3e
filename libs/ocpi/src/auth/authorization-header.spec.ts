import { formatAuthorizationHeader, isCredentialsToken, parseAuthorizationHeader } from './authorization-header';

describe(parseAuthorizationHeader.name, () => {
  it('reads a raw token in 2.1.1', () => {
    expect(parseAuthorizationHeader('Token example-token', '2.1.1')).toBe('example-token');
    expect(parseAuthorizationHeader('Token IpbJOXxkxOAuKR92z0nEcmVF3Qw09VG7I7d/WCg0koM=', '2.1.1')).toBe('IpbJOXxkxOAuKR92z0nEcmVF3Qw09VG7I7d/WCg0koM=');
  });

  it('decodes base64 in 2.2.1 (correct vector: no trailing newline, unlike the spec example)', () => {
    expect(parseAuthorizationHeader('Token ZXhhbXBsZS10b2tlbg==', '2.2.1')).toBe('example-token');
    expect(parseAuthorizationHeader('Token ZWJmM2IzOTktNzc5Zi00NDk3LTliOWQtYWM2YWQzY2M0NGQy', '2.2.1')).toBe('ebf3b399-779f-4497-9b9d-ac6ad3cc44d2');
    // The spec's own examples decode to "example-token\n": a newline is not a valid token character.
    expect(parseAuthorizationHeader('Token ZXhhbXBsZS10b2tlbgo=', '2.2.1')).toBeNull();
  });

  it.each([
    [undefined, '2.1.1'],
    ['', '2.1.1'],
    ['Token', '2.1.1'],
    ['Bearer abc', '2.1.1'],
    ['token abc', '2.1.1'],
    ['Token  two-spaces', '2.1.1'],
    ['Token has space', '2.1.1'],
    ['Token tab\there', '2.1.1'],
    ['Token jeton-é', '2.1.1'],
    ['Token ' + 'x'.repeat(65), '2.1.1'],
    ['Token not*base64', '2.2.1'],
    ['Token ZXhhbXBsZS10b2tlbg', '2.2.1'],
    ['Token ZXhhbXBsZS10b2tlbh==', '2.2.1'],
    ['Token  ZXhhbXBsZS10b2tlbg==', '2.2.1'],
    ['Token ZXhhbXBsZS10b2tlbg== ', '2.2.1'],
    ['Token ZXhhbXBsZS10b2tlbg==\n', '2.2.1'],
    ['Token ZXhhbXBsZS10b2tlbg-_', '2.2.1'],
    ['Token ' + Buffer.from('x'.repeat(65)).toString('base64'), '2.2.1'],
    ['Token ' + Buffer.from('with space').toString('base64'), '2.2.1'],
    ['Token ' + Buffer.from([0xff, 0xfe, 0x41]).toString('base64'), '2.2.1'],
    ['Token ', '2.2.1'],
  ] as const)('rejects %p in %s', (header, version) => {
    expect(parseAuthorizationHeader(header, version)).toBeNull();
  });

  it('accepts a raw token on 2.2.1 only in the tolerant mode, and still prefers a valid encoding', () => {
    expect(parseAuthorizationHeader('Token raw*token', '2.2.1')).toBeNull();
    expect(parseAuthorizationHeader('Token raw*token', '2.2.1', { acceptRawOn221: true })).toBe('raw*token');
    expect(parseAuthorizationHeader('Token ZXhhbXBsZS10b2tlbg==', '2.2.1', { acceptRawOn221: true })).toBe('example-token');
    expect(parseAuthorizationHeader('Token has space', '2.2.1', { acceptRawOn221: true })).toBeNull();
  });
});

describe(formatAuthorizationHeader.name, () => {
  it('round-trips in both versions', () => {
    for (const version of ['2.1.1', '2.2.1'] as const) {
      expect(parseAuthorizationHeader(formatAuthorizationHeader('tok-123_ABC', version), version)).toBe('tok-123_ABC');
      expect(parseAuthorizationHeader(formatAuthorizationHeader('~'.repeat(64), version), version)).toBe('~'.repeat(64));
    }
    expect(formatAuthorizationHeader('example-token', '2.2.1')).toBe('Token ZXhhbXBsZS10b2tlbg==');
    expect(formatAuthorizationHeader('example-token', '2.1.1')).toBe('Token example-token');
  });
});

describe(isCredentialsToken.name, () => {
  it.each([
    ['!', true],
    ['~'.repeat(64), true],
    ['', false],
    ['~'.repeat(65), false],
    ['a b', false],
    ['é', false],
  ])('%p → %p', (token, expected) => {
    expect(isCredentialsToken(token)).toBe(expected);
  });
});
