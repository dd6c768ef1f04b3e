import 'reflect-metadata';
import { formatAuthorizationHeader } from '@app/ocpi';
import { hashToken } from '@app/platform';
import type { IopRegistrationEntity } from '@app/registration';
import type { Repository } from 'typeorm';
import type { LocationsApiSettings } from '../locations-api.settings';
import { OcpiTokensService } from './ocpi-tokens.service';

const TOKEN_A = 'token-a-0123456789abcdef';
const TOKEN_C = 'token-c-0123456789abcdef';

function service(registered: boolean): OcpiTokensService {
  const row = registered ? { id: 1, token_c_hash: hashToken(TOKEN_C), country_code: 'FR', party_id: '107' } : null;
  const repository = { findOne: async () => row } as unknown as Repository<IopRegistrationEntity>;
  return new OcpiTokensService({ OCPI_TOKEN_A: TOKEN_A } as LocationsApiSettings, repository);
}

describe(OcpiTokensService.name, () => {
  it('recognises token A, in either encoding, only while no IOP is registered', async () => {
    const sut = service(false);
    expect(await sut.identify(formatAuthorizationHeader(TOKEN_A, '2.1.1'))).toEqual({ token: 'A', presented: TOKEN_A });
    expect(await sut.identify(formatAuthorizationHeader(TOKEN_A, '2.2.1'))).toEqual({ token: 'A', presented: TOKEN_A });
    expect(await sut.identify(formatAuthorizationHeader(TOKEN_C, '2.2.1'))).toBeNull();
    expect(await service(true).identify(formatAuthorizationHeader(TOKEN_A, '2.2.1'))).toBeNull();
  });

  it('recognises token C once registered, with the IOP party', async () => {
    expect(await service(true).identify(formatAuthorizationHeader(TOKEN_C, '2.2.1'))).toEqual({
      token: 'C',
      presented: TOKEN_C,
      party: { countryCode: 'FR', partyId: '107' },
    });
  });

  it('rejects a missing, malformed or unknown header', async () => {
    const sut = service(true);
    for (const header of [undefined, '', 'Token', `Bearer ${TOKEN_C}`, `Token  ${TOKEN_C}`, 'Token unknown-token-value']) {
      expect(await sut.identify(header)).toBeNull();
    }
  });
});
