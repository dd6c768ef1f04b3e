import { IsOcpiString, IsOcpiUrl, Nested, Optional, Required } from '../../validation/ocpi-decorators';
import { ImageV211 } from './image.dto';

/** 2.1.1 BusinessDetails (§4.1; also in Credentials). */
export class BusinessDetailsV211 {
  @Required() @IsOcpiString('2.1.1', 100) name!: string;
  @Optional() @IsOcpiUrl() website?: string | null;
  @Optional() @Nested(() => ImageV211) logo?: ImageV211 | null;
}
