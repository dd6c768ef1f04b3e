import { BaseSettings, Setting, WithDatabase, WithHttp, WithKafka, WithMigrations } from '@app/platform';
import { Type } from 'class-transformer';
import { IsInt, IsUrl, Matches, Max, Min } from 'class-validator';

export class LocationsApiSettings extends WithMigrations(WithDatabase(WithKafka(WithHttp(BaseSettings, 3003)))) {
  @Setting({ description: "The CPO's OCPI country code (ISO 3166 alpha-2)." })
  @Matches(/^[A-Z]{2}$/)
  CPO_COUNTRY_CODE = 'FR';

  @Setting({ description: "The CPO's OCPI party id (3 characters)." })
  @Matches(/^[A-Z0-9]{3}$/)
  CPO_PARTY_ID = 'ABC';

  @Setting({ description: 'Base URL under which the IOP reaches this API (used in version details and Link headers).' })
  @IsUrl({ require_tld: false, require_protocol: true })
  OCPI_PUBLIC_URL = 'http://127.0.0.1:3003';

  @Setting({ description: 'Largest page of Locations served (X-Limit).' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  OCPI_PAGE_LIMIT = 100;
}
