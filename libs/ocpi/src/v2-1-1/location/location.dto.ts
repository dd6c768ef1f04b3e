import { FORMATS } from '../../validation/ocpi-checks';
import { IsIanaTimeZone, IsOcpiBoolean, IsOcpiDateTime, IsOcpiEnum, IsOcpiString, List, MatchesFormat, Nested, NestedList, Optional, Required } from '../../validation/ocpi-decorators';
import { DisplayTextV211 } from '../types/display-text.dto';
import { BusinessDetailsV211 } from './business-details.dto';
import { EnergyMixV211 } from './energy-mix.dto';
import { EvseV211 } from './evse.dto';
import { FacilityV211 } from './facility.enum';
import { AdditionalGeoLocationV211, GeoLocationV211 } from './geo-location.dto';
import { HoursV211 } from './hours.dto';
import { ImageV211 } from './image.dto';
import { LocationType } from './location-type.enum';

/**
 * 2.1.1 Location (mod_locations §3.1). The owner (country code, party ID) is
 * not in the object: it comes from the URL and the credentials. Unknown
 * properties (extensions) are allowed and kept, but not typed here.
 */
export class LocationV211 {
  @Required() @IsOcpiString('2.1.1', 39, { nonEmpty: true }) id!: string;
  @Required() @IsOcpiEnum(LocationType) type!: LocationType;
  @Optional() @IsOcpiString('2.1.1', 255) name?: string | null;
  /** Street and house number. */
  @Required() @IsOcpiString('2.1.1', 45) address!: string;
  @Required() @IsOcpiString('2.1.1', 45) city!: string;
  @Required() @IsOcpiString('2.1.1', 10) postal_code!: string;
  /** ISO 3166-1 alpha-3 (FRA). */
  @Required() @MatchesFormat(FORMATS.country) country!: string;
  @Required() @Nested(() => GeoLocationV211) coordinates!: GeoLocationV211;
  @Optional() @NestedList(() => AdditionalGeoLocationV211) related_locations?: AdditionalGeoLocationV211[] | null;
  @Optional() @NestedList(() => EvseV211) evses?: EvseV211[] | null;
  @Optional() @NestedList(() => DisplayTextV211) directions?: DisplayTextV211[] | null;
  /** When absent, the credentials' business_details apply (the spec's "api_info endpoint" does not exist). */
  @Optional() @Nested(() => BusinessDetailsV211) operator?: BusinessDetailsV211 | null;
  @Optional() @Nested(() => BusinessDetailsV211) suboperator?: BusinessDetailsV211 | null;
  @Optional() @Nested(() => BusinessDetailsV211) owner?: BusinessDetailsV211 | null;
  @Optional() @List() @IsOcpiEnum(FacilityV211, { each: true }) facilities?: FacilityV211[] | null;
  /** IANA name, e.g. Europe/Paris; optional in 2.1.1. */
  @Optional() @IsOcpiString('2.1.1', 255) @IsIanaTimeZone() time_zone?: string | null;
  @Optional() @Nested(() => HoursV211) opening_times?: HoursV211 | null;
  /** Default true. */
  @Optional() @IsOcpiBoolean() charging_when_closed?: boolean | null;
  @Optional() @NestedList(() => ImageV211) images?: ImageV211[] | null;
  @Optional() @Nested(() => EnergyMixV211) energy_mix?: EnergyMixV211 | null;
  /** When this Location, or any of its EVSEs or Connectors, last changed. */
  @Required() @IsOcpiDateTime('2.1.1') last_updated!: string;
}
