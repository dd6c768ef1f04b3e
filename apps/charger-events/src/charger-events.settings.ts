import { BaseSettings, Setting, WithCpoParty, WithHttp, WithKafka } from '@app/platform';
import { Type } from 'class-transformer';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';

export class ChargerEventsSettings extends WithCpoParty(WithKafka(WithHttp(BaseSettings, 3001))) {
  @Setting({
    description:
      'Who may send events: comma-separated `<source>:<sha256 hex of its API key>` (the key itself is never configured). Senders present the key as `Authorization: Bearer <key>`.',
    secret: true,
  })
  @Matches(/^[A-Za-z0-9._-]{1,64}:[0-9a-f]{64}(,[A-Za-z0-9._-]{1,64}:[0-9a-f]{64})*$/, {
    message: 'must be <source>:<64 hex characters>[,<source>:<64 hex characters>...]',
  })
  INGEST_API_KEYS = '';

  @Setting({
    description: 'Overrides of the OCPP → OCPI status table: comma-separated `<ocpp16|ocpp201>.<OCPP status>=<OCPI status>`, e.g. `ocpp16.Preparing=AVAILABLE`.',
  })
  @IsString()
  OCPP_STATUS_OVERRIDES = '';

  @Setting({
    description:
      'For this many seconds after an unknown OCPP charger is first seen, its events get 503 with Retry-After rather than 422: its new binding may not have reached the EVSE registry yet, and a CSMS retries a 503, not a 4xx.',
  })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  UNBOUND_CHARGER_GRACE_S = 120;

  @Setting({ description: 'Events stamped more than this many seconds after their receipt are refused (charger clock ahead).' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  MAX_CLOCK_AHEAD_S = 300;

  @Setting({ description: 'Events older than this many seconds at receipt are refused (a charger replaying a stale queue).' })
  @Type(() => Number)
  @IsInt()
  @Min(60)
  MAX_EVENT_AGE_S = 7 * 24 * 3600;

  @Setting({ description: 'Largest request body accepted, in bytes; larger ones get 413.' })
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(64 * 1024 * 1024)
  MAX_BODY_BYTES = 1024 * 1024;

  @Setting({ description: 'Most events in one batch request.' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  MAX_BATCH_EVENTS = 1000;

  @Setting({ description: 'How long a request waits for Kafka to acknowledge its events before answering 503.' })
  @Type(() => Number)
  @IsInt()
  @Min(100)
  KAFKA_ACK_TIMEOUT_MS = 5000;
}
