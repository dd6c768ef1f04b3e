import { IsIn, IsISO8601, IsObject, IsString, Length, Matches } from 'class-validator';

export const LOCATION_CHANGES = ['upserted', 'evse-status'] as const;
export type LocationChange = (typeof LOCATION_CHANGES)[number];

/**
 * Topic ocpi.locations.v1 (compacted): the full current Location after a change.
 * Key: location_id, so compaction keeps the newest state of every Location and a
 * consumer can rebuild its view by reading the topic from the beginning.
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
}
