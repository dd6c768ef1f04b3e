import { ImageCategory } from '../../common/image-category.enum';
import { IsOcpiEnum, IsOcpiInt, IsOcpiString, IsOcpiUrl, Optional, Required } from '../../validation/ocpi-decorators';

/** 2.1.1 Image (§4.14). */
export class ImageV211 {
  @Required() @IsOcpiUrl() url!: string;
  @Optional() @IsOcpiUrl() thumbnail?: string | null;
  @Required() @IsOcpiEnum(ImageCategory) category!: ImageCategory;
  /** gif, jpeg, png, svg… (a case-sensitive string in 2.1.1). */
  @Required() @IsOcpiString('2.1.1', 4) type!: string;
  /** int(5): at most five digits. */
  @Optional() @IsOcpiInt({ min: 0, max: 99999 }) width?: number | null;
  @Optional() @IsOcpiInt({ min: 0, max: 99999 }) height?: number | null;
}
