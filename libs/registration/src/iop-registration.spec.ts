import { IopRegistration } from './iop-registration';
import type { IopRegistrationEntity } from './iop-registration.entity';

function entity(version: '2.1.1' | '2.2.1'): IopRegistrationEntity {
  return {
    id: 1,
    version,
    versions_url: 'https://iop.example/ocpi/emsp/versions',
    endpoints: [
      { identifier: 'locations', role: 'SENDER', url: 'https://iop.example/sender/locations' },
      { identifier: 'locations', role: 'RECEIVER', url: 'https://iop.example/receiver/locations' },
    ],
    token_b: 'secret-token-b',
    token_c_hash: 'f'.repeat(64),
    country_code: 'FR',
    party_id: '107',
    parties: [{ role: 'HUB', country_code: 'FR', party_id: '107' }],
    registered_at: new Date('2026-01-01T00:00:00Z'),
    updated_at: new Date('2026-01-02T00:00:00Z'),
  };
}

describe(IopRegistration.name, () => {
  it('gives the token to callers but never to JSON or enumeration (logs)', () => {
    const sut = new IopRegistration(entity('2.2.1'));
    expect(sut.token).toBe('secret-token-b');
    expect(JSON.stringify(sut)).not.toContain('secret-token-b');
    expect(Object.keys(sut)).not.toContain('token');
    expect(JSON.stringify(sut)).toContain('"versionsUrl":"https://iop.example/ocpi/emsp/versions"');
  });

  it('finds an endpoint by module and, in 2.2.1, by role', () => {
    const sut = new IopRegistration(entity('2.2.1'));
    expect(sut.endpointUrl('locations', 'RECEIVER')).toBe('https://iop.example/receiver/locations');
    expect(sut.endpointUrl('locations', 'SENDER')).toBe('https://iop.example/sender/locations');
    expect(sut.endpointUrl('tariffs', 'RECEIVER')).toBeUndefined();
  });

  it('ignores roles in 2.1.1, where endpoints have none', () => {
    const sut = new IopRegistration({ ...entity('2.1.1'), endpoints: [{ identifier: 'locations', url: 'https://iop.example/2.1.1/locations' }] });
    expect(sut.endpointUrl('locations', 'RECEIVER')).toBe('https://iop.example/2.1.1/locations');
  });
});
