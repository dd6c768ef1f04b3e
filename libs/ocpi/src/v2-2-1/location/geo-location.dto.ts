import { IsCoordinate, Nested, Optional, Required } from '../../validation/ocpi-decorators';
import { DisplayTextV221 } from '../types/display-text.dto';

/** 2.2.1 GeoLocation: WGS 84, 5 to 7 decimals (5 ≈ 1 m). */
export class GeoLocationV221 {
  @Required() @IsCoordinate('5,7', 'latitude') latitude!: string;
  @Required() @IsCoordinate('5,7', 'longitude') longitude!: string;
}

/** 2.2.1 AdditionalGeoLocation: a related point (e.g. a parking entrance), optionally named. */
export class AdditionalGeoLocationV221 extends GeoLocationV221 {
  @Optional() @Nested(() => DisplayTextV221) name?: DisplayTextV221 | null;
}
