import type { StatusDeliveryMode } from './evse-status/status-delivery-plan';
import { BaseSettings, Setting, WithCpoParty, WithDatabase, WithHttp, WithKafka, WithMigrations } from '@app/platform';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, IsUrl, Length, Matches, Max, Min } from 'class-validator';

export class GirevePushSettings extends WithCpoParty(WithMigrations(WithDatabase(WithKafka(WithHttp(BaseSettings, 3002))))) {
  @Setting({
    description:
      "The IOP's OCPI versions URL, used until GIREVE has registered with us (after that, the endpoints recorded at registration win); its Locations receiver URL is read from the version details.",
  })
  @IsUrl({ require_tld: false, require_protocol: true })
  IOP_VERSIONS_URL = 'http://127.0.0.1:3004/ocpi/emsp/versions';

  @Setting({ description: 'Token for calling the IOP (token B of its credentials), used until GIREVE has registered with us.', secret: true })
  @IsString()
  @Length(1, 64)
  IOP_TOKEN = 'dev-iop-token-b';

  @Setting({ description: 'OCPI version spoken to the IOP (2.1.1 or 2.2.1) until GIREVE has registered with us (then the registered version).' })
  @IsIn(['2.1.1', '2.2.1'])
  IOP_OCPI_VERSION: '2.1.1' | '2.2.1' = '2.1.1';

  @Setting({ description: "The IOP's OCPI country code, sent as OCPI-to-country-code in 2.2.1 (GIREVE: FR) until GIREVE has registered with us." })
  @Matches(/^[A-Z]{2}$/)
  IOP_COUNTRY_CODE = 'FR';

  @Setting({
    description: "The IOP's OCPI party id, sent as OCPI-to-party-id in 2.2.1 (GIREVE: 007 in production, 107 in pre-production) until GIREVE has registered with us.",
  })
  @Matches(/^[A-Z0-9]{3}$/)
  IOP_PARTY_ID = '007';

  @Setting({ description: 'Kafka consumer group shared by all gireve-push replicas.' })
  @Matches(/^[A-Za-z0-9._-]+$/)
  KAFKA_CONSUMER_GROUP = 'gireve-push';

  @Setting({
    description: 'Kafka consumer session timeout, in milliseconds: how soon the partitions of a replica that died are given to the others.',
  })
  @Type(() => Number)
  @IsInt()
  @Min(6_000)
  @Max(300_000)
  KAFKA_SESSION_TIMEOUT_MS = 10_000;

  @Setting({
    description:
      'Most EVSE status requests in flight to the IOP at once, per replica (never more than one per EVSE). Results being recorded do not hold a slot; at most twice this many EVSEs are leased at once.',
  })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2000)
  PUSH_CONCURRENCY = 128;

  @Setting({
    description:
      "How EVSE statuses reach the IOP: `transitions` sends every accepted status change in order, each with its own last_updated (GIREVE's store-and-forward); `latest` sends only the newest status of each EVSE, with the time its final run of identical statuses began.",
  })
  @IsIn(['transitions', 'latest'])
  STATUS_DELIVERY: StatusDeliveryMode = 'transitions';

  @Setting({
    description:
      'After a request whose outcome is unknown (timeout, connection cut after sending, aborted at shutdown), the IOP may still apply it late: this many milliseconds later the status (or the whole Location) the IOP should hold is sent again.',
  })
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  STATUS_REASSERT_AFTER_MS = 60_000;

  @Setting({ description: 'Most Location requests (PUT Location, PATCH connector tariff) in flight at once, per replica.' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  LOCATION_PUSH_CONCURRENCY = 4;

  @Setting({ description: 'Most requests per second sent to the IOP by one replica (all kinds together); 0 = no limit.' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100_000)
  IOP_RATE_LIMIT_PER_SECOND = 500;

  @Setting({ description: 'Timeout of one request to the IOP, in milliseconds.' })
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(120_000)
  IOP_REQUEST_TIMEOUT_MS = 10_000;

  @Setting({ description: 'First retry delay after a technical failure (network, timeout, HTTP 5xx, OCPI 3xxx), in milliseconds; doubles per attempt, with jitter.' })
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(600_000)
  RETRY_INITIAL_DELAY_MS = 1_000;

  @Setting({ description: 'Longest retry delay after technical failures, in milliseconds.' })
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  RETRY_MAX_DELAY_MS = 60_000;

  @Setting({ description: 'Pause of all requests after the IOP answered 401/403 (our token refused), in milliseconds; then one request probes.' })
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  UNAUTHORIZED_RETRY_DELAY_MS = 60_000;

  @Setting({ description: 'Consecutive technical failures that open the circuit breaker (requests stop, one probe at a time).' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  CIRCUIT_BREAKER_THRESHOLD = 20;

  @Setting({ description: 'How long the circuit stays open before one request probes the IOP again, in milliseconds.' })
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(600_000)
  CIRCUIT_HALF_OPEN_AFTER_MS = 5_000;

  @Setting({ description: 'How often each replica looks for due pushes when nothing woke it (other replicas’ updates, retries), in milliseconds.' })
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(60_000)
  DISPATCH_POLL_INTERVAL_MS = 500;

  @Setting({ description: 'Longest wait on SIGTERM for requests in flight before they are handed back to other replicas, in milliseconds.' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(120_000)
  SHUTDOWN_GRACE_MS = 10_000;

  @Setting({
    description: 'SHA-256 (hex) of the API key that authorises the admin endpoints (parked objects): send the key itself as X-API-Key. Empty = admin endpoints refuse every call.',
    secret: true,
  })
  @Matches(/^([0-9a-f]{64})?$/, { message: 'must be empty or a lowercase hex SHA-256' })
  ADMIN_API_KEY_SHA256 = '';

  @Setting({
    description:
      "locations-api's base URL, for Check Locations only: it compares the IOP with the Locations there (the system of record, live statuses). Empty = compared with gireve-push's own store, which shares its mistakes.",
  })
  @Matches(/^(https?:\/\/[^\s/]+(\/\S*)?)?$/, { message: 'must be empty or an http(s) URL' })
  LOCATIONS_API_URL = '';

  @Setting({ description: "locations-api's admin API key (its ADMIN_API_KEY), for Check Locations only.", secret: true })
  @IsString()
  @Length(0, 256)
  LOCATIONS_API_ADMIN_KEY = '';
}
