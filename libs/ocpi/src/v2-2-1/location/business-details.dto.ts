import { IsOcpiString, IsOcpiUrl, Nested, Optional, Required } from '../../validation/ocpi-decorators';
import { ImageV221 } from './image.dto';

/** 2.2.1 BusinessDetails (operator, suboperator, owner; also in Credentials roles). */
export class BusinessDetailsV221 {
  @Required() @IsOcpiString('2.2.1', 100) name!: string;
  @Optional() @IsOcpiUrl() website?: string | null;
  @Optional() @Nested(() => ImageV221) logo?: ImageV221 | null;
}
