import { IsCoordinate, Nested, Optional, Required } from '../../validation/ocpi-decorators';
import { DisplayTextV211 } from '../types/display-text.dto';

/** 2.1.1 GeoLocation (§4.12): WGS 84, exactly 6 decimals. */
export class GeoLocationV211 {
  @Required() @IsCoordinate('6', 'latitude') latitude!: string;
  @Required() @IsCoordinate('6', 'longitude') longitude!: string;
}

/** 2.1.1 AdditionalGeoLocation (§4.1): a related point, optionally named. */
export class AdditionalGeoLocationV211 extends GeoLocationV211 {
  @Optional() @Nested(() => DisplayTextV211) name?: DisplayTextV211 | null;
}
