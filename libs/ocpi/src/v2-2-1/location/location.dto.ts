import { FORMATS } from '../../validation/ocpi-checks';
import {
  ForbiddenWhen,
  IsCiString,
  IsIanaTimeZone,
  IsOcpiBoolean,
  IsOcpiDateTime,
  IsOcpiEnum,
  IsOcpiString,
  List,
  MatchesFormat,
  Nested,
  NestedList,
  Optional,
  Required,
} from '../../validation/ocpi-decorators';
import { DisplayTextV221 } from '../types/display-text.dto';
import { BusinessDetailsV221 } from './business-details.dto';
import { EnergyMixV221 } from './energy-mix.dto';
import { EvseV221 } from './evse.dto';
import { FacilityV221 } from './facility.enum';
import { AdditionalGeoLocationV221, GeoLocationV221 } from './geo-location.dto';
import { HoursV221 } from './hours.dto';
import { ImageV221 } from './image.dto';
import { ParkingType } from './parking-type.enum';
import { PublishTokenTypeV221 } from './publish-token-type.dto';

/**
 * 2.2.1 Location (mod_locations "Location Object"); also the shape this
 * connector stores. Unknown properties (extensions such as GIREVE's
 * `gireve_id`) are allowed and kept, but not typed here.
 */
export class LocationV221 {
  /** The owning CPO; must equal the URL segment on a PUT. */
  @Required() @MatchesFormat(FORMATS.countryCode) country_code!: string;
  @Required() @MatchesFormat(FORMATS.partyId) party_id!: string;
  @Required() @IsCiString(36, { nonEmpty: true }) id!: string;
  /** false: shown only to the tokens in publish_allowed_to. */
  @Required() @IsOcpiBoolean() publish!: boolean;
  @Optional()
  @ForbiddenWhen((location) => location.publish === true, 'may only be set when publish is false')
  @NestedList(() => PublishTokenTypeV221)
  publish_allowed_to?: PublishTokenTypeV221[] | null;
  @Optional() @IsOcpiString('2.2.1', 255) name?: string | null;
  /** Street and house number (255 since the bugfix release; the first 2.2.1 text said 45). */
  @Required() @IsOcpiString('2.2.1', 255) address!: string;
  @Required() @IsOcpiString('2.2.1', 45) city!: string;
  /** Omitted only when the location has none (e.g. some motorway sites). */
  @Optional() @IsOcpiString('2.2.1', 10) postal_code?: string | null;
  @Optional() @IsOcpiString('2.2.1', 45) state?: string | null;
  /** ISO 3166-1 alpha-3 (FRA), unlike country_code. */
  @Required() @MatchesFormat(FORMATS.country) country!: string;
  @Required() @Nested(() => GeoLocationV221) coordinates!: GeoLocationV221;
  @Optional() @NestedList(() => AdditionalGeoLocationV221) related_locations?: AdditionalGeoLocationV221[] | null;
  @Optional() @IsOcpiEnum(ParkingType) parking_type?: ParkingType | null;
  @Optional() @NestedList(() => EvseV221) evses?: EvseV221[] | null;
  @Optional() @NestedList(() => DisplayTextV221) directions?: DisplayTextV221[] | null;
  /** When absent, the business details of the matching credentials role apply. */
  @Optional() @Nested(() => BusinessDetailsV221) operator?: BusinessDetailsV221 | null;
  @Optional() @Nested(() => BusinessDetailsV221) suboperator?: BusinessDetailsV221 | null;
  @Optional() @Nested(() => BusinessDetailsV221) owner?: BusinessDetailsV221 | null;
  @Optional() @List() @IsOcpiEnum(FacilityV221, { each: true }) facilities?: FacilityV221[] | null;
  /** IANA name, e.g. Europe/Paris; required since 2.2.1. */
  @Required() @IsOcpiString('2.2.1', 255) @IsIanaTimeZone() time_zone!: string;
  @Optional() @Nested(() => HoursV221) opening_times?: HoursV221 | null;
  /** Default true. */
  @Optional() @IsOcpiBoolean() charging_when_closed?: boolean | null;
  @Optional() @NestedList(() => ImageV221) images?: ImageV221[] | null;
  @Optional() @Nested(() => EnergyMixV221) energy_mix?: EnergyMixV221 | null;
  /** When this Location, or any of its EVSEs or Connectors, last changed. */
  @Required() @IsOcpiDateTime('2.2.1') last_updated!: string;
}
