import { BaseSettings, Setting, WithDatabase, WithHttp, WithKafka, WithMigrations } from '@app/platform';
import { IsIn, IsString, IsUrl, Length, Matches } from 'class-validator';

export class GirevePushSettings extends WithMigrations(WithDatabase(WithKafka(WithHttp(BaseSettings, 3002)))) {
  @Setting({ description: "The IOP's OCPI versions URL; its Locations receiver URL is read from the version details." })
  @IsUrl({ require_tld: false, require_protocol: true })
  IOP_VERSIONS_URL = 'http://127.0.0.1:3004/ocpi/emsp/versions';

  @Setting({ description: 'Token the IOP gave us (token B in its credentials) for calling it.', secret: true })
  @IsString()
  @Length(1, 64)
  IOP_TOKEN = 'dev-iop-token-b';

  @Setting({ description: 'OCPI version spoken to the IOP (2.1.1 or 2.2.1).' })
  @IsIn(['2.1.1', '2.2.1'])
  IOP_OCPI_VERSION: '2.1.1' | '2.2.1' = '2.1.1';

  @Setting({ description: "The CPO's OCPI country code (ISO 3166 alpha-2)." })
  @Matches(/^[A-Z]{2}$/)
  CPO_COUNTRY_CODE = 'FR';

  @Setting({ description: "The CPO's OCPI party id (3 characters)." })
  @Matches(/^[A-Z0-9]{3}$/)
  CPO_PARTY_ID = 'ABC';

  @Setting({ description: 'Kafka consumer group shared by all gireve-push replicas.' })
  @Matches(/^[A-Za-z0-9._-]+$/)
  KAFKA_CONSUMER_GROUP = 'gireve-push';
}
