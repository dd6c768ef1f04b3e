import { EvseStatus } from '@app/ocpi';
import { IsEnum, IsIn, IsISO8601, IsString, IsUUID, Length, Matches } from 'class-validator';

/** Where an EVSE status came from. */
export const STATUS_SOURCES = ['ocpp16', 'ocpp201', 'ocpi'] as const;
export type StatusSource = (typeof STATUS_SOURCES)[number];

/**
 * Topic ocpi.evse-status.v1: one EVSE changed status.
 * Key: evseKey(event). All events of one EVSE land on one partition, in order.
 */
export class EvseStatusEventV1 {
  /** Unique per accepted event (dedup across producer retries and replays). */
  @IsUUID()
  event_id!: string;

  @Matches(/^[A-Z]{2}$/)
  country_code!: string;

  @Matches(/^[A-Z0-9]{3}$/)
  party_id!: string;

  @IsString()
  @Length(1, 36)
  location_id!: string;

  @IsString()
  @Length(1, 36)
  evse_uid!: string;

  @IsEnum(EvseStatus)
  status!: EvseStatus;

  /** When the charger says the status changed (ISO 8601 UTC). Orders events of one EVSE. */
  @IsISO8601({ strict: true })
  event_time!: string;

  /** When the ingestor accepted the event (ISO 8601 UTC). */
  @IsISO8601({ strict: true })
  received_at!: string;

  @IsIn(STATUS_SOURCES)
  source!: StatusSource;
}

/** The Kafka key of an EVSE: unique across CPO parties, stable for its life. */
export function evseKey(evse: { country_code: string; party_id: string; location_id: string; evse_uid: string }): string {
  return `${evse.country_code}/${evse.party_id}/${evse.location_id}/${evse.evse_uid}`;
}
