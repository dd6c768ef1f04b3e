import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { OCPI_VERSIONS, type OcpiVersion, parseAuthorizationHeader } from '@app/ocpi';
import { hashToken, tokensEqual } from '@app/platform';
import { IopRegistrationEntity } from '@app/registration';
import { Repository } from 'typeorm';
import { LocationsApiSettings } from '../locations-api.settings';

/** Who called: the IOP before registration (token A) or after it (token C). */
export interface OcpiCaller {
  token: 'A' | 'C';
  /** The credentials token as presented (GET credentials returns it). */
  presented: string;
  /** The party the IOP registered as (token C only). */
  party?: { countryCode: string; partyId: string };
  /** The OCPI version the IOP registered in (token C only). */
  version?: OcpiVersion;
}

/**
 * Recognises the credentials token of an OCPI request. Token A (a setting) is
 * valid only while the IOP is not registered; token C only while it is. Both
 * are held as hashes and compared in constant time.
 */
@Injectable()
export class OcpiTokensService {
  private readonly tokenAHash: string;

  constructor(
    settings: LocationsApiSettings,
    @InjectRepository(IopRegistrationEntity) private readonly registrations: Repository<IopRegistrationEntity>,
  ) {
    this.tokenAHash = hashToken(settings.OCPI_TOKEN_A);
    if (settings.OCPI_TOKEN_A === new LocationsApiSettings().OCPI_TOKEN_A) {
      new Logger(OcpiTokensService.name).warn('OCPI_TOKEN_A is the development default: set a secret one before giving it to an IOP');
    }
  }

  async identify(authorization: string | undefined): Promise<OcpiCaller | null> {
    // The header's encoding is not trusted to follow the version in the URL (many
    // 2.2 peers never base64-encode, the versions URL has no version): try each
    // reading; a wrong reading cannot match a high-entropy token.
    const candidates = [...new Set(OCPI_VERSIONS.map((version) => parseAuthorizationHeader(authorization, version)))].filter((t) => t !== null);
    if (candidates.length === 0) return null;
    const registration = await this.registrations.findOne({
      where: { id: 1 },
      select: { id: true, token_c_hash: true, country_code: true, party_id: true, version: true },
    });
    const expectedHash = registration ? registration.token_c_hash : this.tokenAHash;
    const presented = candidates.find((candidate) => tokensEqual(hashToken(candidate), expectedHash));
    if (presented === undefined) return null;
    if (!registration) return { token: 'A', presented };
    return { token: 'C', presented, party: { countryCode: registration.country_code, partyId: registration.party_id }, version: registration.version };
  }
}
