import { FORMATS } from '../../validation/ocpi-checks';
import { ForbiddenWhen, IsOcpiBoolean, IsOcpiDateTime, IsOcpiInt, LaterThan, MatchesFormat, NestedList, Optional, Required, RequiredWhen } from '../../validation/ocpi-decorators';

/** 2.1.1 RegularHours (§4.19): one weekly period. */
export class RegularHoursV211 {
  /** 1 = Monday … 7 = Sunday. */
  @Required() @IsOcpiInt({ min: 1, max: 7 }) weekday!: number;
  @Required() @MatchesFormat(FORMATS.hourMinute) period_begin!: string;
  @Required() @MatchesFormat(FORMATS.hourMinute) @LaterThan('period_begin') period_end!: string;
}

/** 2.1.1 ExceptionalPeriod (§4.10). */
export class ExceptionalPeriodV211 {
  @Required() @IsOcpiDateTime('2.1.1') period_begin!: string;
  @Required() @IsOcpiDateTime('2.1.1') period_end!: string;
}

/**
 * 2.1.1 Hours (§4.13) is a choice: `regular_hours` or `twentyfourseven: true`.
 * `twentyfourseven: false` next to regular_hours is accepted, as the spec's
 * own example (§4.19.1) sends exactly that.
 */
export class HoursV211 {
  @RequiredWhen((hours) => hours.twentyfourseven !== true, 'required unless twentyfourseven is true (Hours is a choice)')
  @ForbiddenWhen((hours) => hours.twentyfourseven === true, 'must be empty when twentyfourseven is true (Hours is a choice)')
  @NestedList(() => RegularHoursV211)
  regular_hours?: RegularHoursV211[] | null;

  @Optional() @IsOcpiBoolean() twentyfourseven?: boolean | null;
  @Optional() @NestedList(() => ExceptionalPeriodV211) exceptional_openings?: ExceptionalPeriodV211[] | null;
  /** Override regular_hours and exceptional_openings. */
  @Optional() @NestedList(() => ExceptionalPeriodV211) exceptional_closings?: ExceptionalPeriodV211[] | null;
}
