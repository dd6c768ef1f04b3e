import { FORMATS } from '../../validation/ocpi-checks';
import { IsOcpiUrl, MatchesFormat, Nested, Required } from '../../validation/ocpi-decorators';
import { BusinessDetailsV211 } from '../location/business-details.dto';

/** 2.1.1 Credentials (credentials.md §2.1): one party per connection. */
export class CredentialsV211 {
  /** The token the other party uses to call us, sent un-encoded in this object. */
  @Required() @MatchesFormat(FORMATS.credentialsToken) token!: string;
  /** Our versions endpoint. */
  @Required() @IsOcpiUrl() url!: string;
  @Required() @Nested(() => BusinessDetailsV211) business_details!: BusinessDetailsV211;
  @Required() @MatchesFormat(FORMATS.partyId) party_id!: string;
  @Required() @MatchesFormat(FORMATS.countryCode) country_code!: string;
}
