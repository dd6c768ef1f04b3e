import { FORMATS } from '../../validation/ocpi-checks';
import { IsOcpiString, MatchesFormat, NoMarkup, Required } from '../../validation/ocpi-decorators';

/** 2.1.1 DisplayText (types §1.3). */
export class DisplayTextV211 {
  /** ISO 639-1 language code. */
  @Required() @MatchesFormat(FORMATS.language) language!: string;
  /** Text shown to the end user; no markup. */
  @Required() @IsOcpiString('2.1.1', 512) @NoMarkup() text!: string;
}
