import { BaseSettings, Setting, WithCpoParty, WithDatabase, WithHttp, WithKafka, WithMigrations } from '@app/platform';
import { Type } from 'class-transformer';
import { IsInt, IsString, IsUrl, Length, Matches, Max, Min } from 'class-validator';

export class LocationsApiSettings extends WithCpoParty(WithMigrations(WithDatabase(WithKafka(WithHttp(BaseSettings, 3003))))) {
  @Setting({ description: "The CPO's name, sent as business_details in the credentials handshake." })
  @IsString()
  @Length(1, 100)
  CPO_BUSINESS_NAME = 'Example CPO';

  @Setting({ description: "The CPO's eMI3 operator id (e.g. FR*ABC): GIREVE requires every evse_id to start with it." })
  @Matches(/^[A-Z]{2}\*?[A-Z0-9]{3}$/)
  CPO_EMI3_OPERATOR_ID = 'FR*ABC';

  @Setting({ description: 'Base URL under which the IOP reaches this API (used in version details and Link headers).' })
  @IsUrl({ require_tld: false, require_protocol: true })
  OCPI_PUBLIC_URL = 'http://127.0.0.1:3003';

  @Setting({
    description: 'Comma-separated OCPI versions offered to the IOP (versions endpoint, routes): every Location written must be valid, GIREVE profile included, in each of them.',
  })
  @Matches(/^(2\.2\.1|2\.1\.1)(,(2\.2\.1|2\.1\.1))*$/, { message: 'must be 2.2.1, 2.1.1 or both, comma-separated' })
  OCPI_SERVED_VERSIONS = '2.2.1,2.1.1';

  @Setting({ description: 'Largest page of Locations served (X-Limit).' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  OCPI_PAGE_LIMIT = 100;

  @Setting({
    description: 'Credentials token A, handed to GIREVE out of band: valid on versions and credentials until the IOP has registered.',
    secret: true,
  })
  @Matches(/^[\x21-\x7E]{16,64}$/, { message: 'must be 16 to 64 printable ASCII characters' })
  OCPI_TOKEN_A = 'dev-token-a-change-me';

  @Setting({ description: 'IANA time zone given to a Location imported in OCPI 2.1.1 without one (2.2.1 requires it).' })
  @IsString()
  @Length(1, 255)
  OCPI_211_DEFAULT_TIME_ZONE = 'Europe/Paris';

  @Setting({ description: 'Timeout (ms) of each call to the IOP during the credentials handshake.' })
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(120_000)
  IOP_REQUEST_TIMEOUT_MS = 10_000;

  @Setting({ description: 'API key of the CPO admin API (header X-API-Key).', secret: true })
  @Matches(/^[\x21-\x7E]{16,256}$/, { message: 'must be 16 to 256 printable ASCII characters' })
  ADMIN_API_KEY = 'dev-admin-key-change-me';

  @Setting({ description: 'Largest body (MiB) POST /admin/locations/import accepts.' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2048)
  ADMIN_IMPORT_MAX_MB = 200;

  @Setting({ description: 'Kafka consumer group of the EVSE status consumer.' })
  @IsString()
  @Length(1, 200)
  KAFKA_CONSUMER_GROUP = 'locations-api-evse-status';

  @Setting({ description: 'How often (ms) the outbox relay looks for Location changes not yet on Kafka (it is also woken by each change).' })
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(60_000)
  OUTBOX_POLL_INTERVAL_MS = 1000;

  @Setting({ description: 'Largest number of outbox messages the relay sends to Kafka in one request.' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  OUTBOX_BATCH_SIZE = 500;
}
