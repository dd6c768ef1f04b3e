import { FORMATS } from '../../validation/ocpi-checks';
import { IsOcpiEnum, IsOcpiUrl, MatchesFormat, Nested, NestedList, Required, UniqueBy } from '../../validation/ocpi-decorators';
import { BusinessDetailsV221 } from '../location/business-details.dto';
import { Role } from '../types/role.enum';

/** 2.2.1 CredentialsRole: one party (role, country code, party ID) the platform acts as. */
export class CredentialsRoleV221 {
  @Required() @IsOcpiEnum(Role) role!: Role;
  @Required() @Nested(() => BusinessDetailsV221) business_details!: BusinessDetailsV221;
  @Required() @MatchesFormat(FORMATS.partyId) party_id!: string;
  @Required() @MatchesFormat(FORMATS.countryCode) country_code!: string;
}

/** 2.2.1 Credentials (credentials "Credentials object"): one platform, one or more roles. */
export class CredentialsV221 {
  /** The token the other party uses to call us, sent un-encoded in this object (base64 only in the Authorization header). */
  @Required() @MatchesFormat(FORMATS.credentialsToken) token!: string;
  /** Our versions endpoint. */
  @Required() @IsOcpiUrl() url!: string;
  /** Each role, party_id, country_code combination appears once. A Hub reports only its HUB role. */
  @Required() @NestedList(() => CredentialsRoleV221, { min: 1 }) @UniqueBy(['role', 'party_id', 'country_code']) roles!: CredentialsRoleV221[];
}
