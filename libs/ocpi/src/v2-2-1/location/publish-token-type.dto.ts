import { IsCiString, IsOcpiEnum, IsOcpiString, Optional, RequiredWhen } from '../../validation/ocpi-decorators';
import { isAbsentOrEmpty } from '../../validation/ocpi-checks';
import { TokenType } from '../tokens/token-type.enum';

/**
 * 2.2.1 PublishTokenType: a token allowed to see an unpublished Location. At
 * least one of uid, visual_number or group_id; uid needs type; visual_number
 * needs issuer.
 */
export class PublishTokenTypeV221 {
  @RequiredWhen((token) => isAbsentOrEmpty(token.visual_number) && isAbsentOrEmpty(token.group_id), 'required unless visual_number or group_id is set')
  @IsCiString(36)
  uid?: string | null;

  @RequiredWhen((token) => !isAbsentOrEmpty(token.uid), 'required when uid is set') @IsOcpiEnum(TokenType) type?: TokenType | null;
  @Optional() @IsOcpiString('2.2.1', 64) visual_number?: string | null;
  @RequiredWhen((token) => !isAbsentOrEmpty(token.visual_number), 'required when visual_number is set') @IsOcpiString('2.2.1', 64) issuer?: string | null;
  @Optional() @IsCiString(36) group_id?: string | null;
}
