import { ImageCategory } from '../../common/image-category.enum';
import { IsCiString, IsOcpiEnum, IsOcpiInt, IsOcpiUrl, Optional, Required } from '../../validation/ocpi-decorators';

/** 2.2.1 Image. */
export class ImageV221 {
  @Required() @IsOcpiUrl() url!: string;
  @Optional() @IsOcpiUrl() thumbnail?: string | null;
  @Required() @IsOcpiEnum(ImageCategory) category!: ImageCategory;
  /** gif, jpeg, png, svg… */
  @Required() @IsCiString(4) type!: string;
  /** int(5): at most five digits. */
  @Optional() @IsOcpiInt({ min: 0, max: 99999 }) width?: number | null;
  @Optional() @IsOcpiInt({ min: 0, max: 99999 }) height?: number | null;
}
