import { BaseSettings, Setting, WithHttp, WithKafka } from '@app/platform';
import { Matches } from 'class-validator';

export class ChargerEventsSettings extends WithKafka(WithHttp(BaseSettings, 3001)) {
  @Setting({ description: "The CPO's OCPI country code (ISO 3166 alpha-2)." })
  @Matches(/^[A-Z]{2}$/)
  CPO_COUNTRY_CODE = 'FR';

  @Setting({ description: "The CPO's OCPI party id (3 characters)." })
  @Matches(/^[A-Z0-9]{3}$/)
  CPO_PARTY_ID = 'ABC';
}
