import { FORMATS } from '../../validation/ocpi-checks';
import { IsOcpiString, MatchesFormat, NoMarkup, Required } from '../../validation/ocpi-decorators';

/** 2.2.1 DisplayText (types "DisplayText class"). */
export class DisplayTextV221 {
  /** ISO 639-1 language code. */
  @Required() @MatchesFormat(FORMATS.language) language!: string;
  /** Text shown to the end user; no markup. */
  @Required() @IsOcpiString('2.2.1', 512) @NoMarkup() text!: string;
}
