import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, Length, Matches, Min, ValidateNested } from 'class-validator';

export const LOCATION_CHANGES = ['upserted', 'evse-status'] as const;
export type LocationChange = (typeof LOCATION_CHANGES)[number];

/**
 * Which OCPP charger identity feeds an EVSE's status (kept beside the Location,
 * never served over OCPI). OCPP 1.6: charge point + connector (one OCPI EVSE per
 * connector, as OCPI 2.2.1 advises); OCPP 2.0.1: station + EVSE id.
 */
export class OcppBindingV1 {
  @IsString()
  @Length(1, 36)
  evse_uid!: string;

  /** The OCPP identity, as charger-events receives it (CiString(48)): a control character could never match and PostgreSQL refuses a NUL. */
  @IsString()
  @Matches(/^[\x20-\x7E]{1,48}$/, { message: '$property must be 1 to 48 printable ASCII characters' })
  charge_point_id!: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  ocpp16_connector_id?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  ocpp201_evse_id?: number;
}

/**
 * Topic ocpi.locations.v1 (compacted): the full current Location after a change.
 * Key: locationKey(), so compaction keeps the newest state of every Location and
 * a consumer can rebuild its view by reading the topic from the beginning.
 * Every message is a snapshot, whatever its `change`: compaction may have
 * removed the earlier ones, so a consumer never skips a message by its kind.
 */
export class LocationChangedV1 {
  @Matches(/^[A-Z]{2}$/)
  country_code!: string;

  @Matches(/^[A-Z0-9]{3}$/)
  party_id!: string;

  @IsString()
  @Length(1, 36)
  location_id!: string;

  @IsIn(LOCATION_CHANGES)
  change!: LocationChange;

  /** The stored Location, OCPI 2.2.1 shape (libs/ocpi converts to 2.1.1). */
  @IsObject()
  location!: Record<string, unknown>;

  @IsISO8601({ strict: true })
  changed_at!: string;

  /**
   * The Location's revision, counted up under its row lock with each change:
   * the order of a Location's messages. changed_at comes from the clock of
   * whichever replica made the change and is not an order. Absent only in
   * messages written before revisions existed (they order by changed_at, before any revision).
   */
  @IsOptional()
  @IsInt()
  @Min(1)
  revision?: number;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => OcppBindingV1)
  ocpp_bindings!: OcppBindingV1[];
}

/** The Kafka key of a Location: unique across CPO parties. */
export function locationKey(location: { country_code: string; party_id: string; location_id: string }): string {
  return `${location.country_code}/${location.party_id}/${location.location_id}`;
}

/** Orders two messages of one Location: the revision, then (for messages without one) changed_at. */
export function compareLocationChanges(a: Pick<LocationChangedV1, 'revision' | 'changed_at'>, b: Pick<LocationChangedV1, 'revision' | 'changed_at'>): number {
  return (a.revision ?? 0) - (b.revision ?? 0) || Date.parse(a.changed_at) - Date.parse(b.changed_at);
}
