import { FORMATS } from '../../validation/ocpi-checks';
import { ForbiddenWhen, IsOcpiBoolean, IsOcpiDateTime, IsOcpiInt, LaterThan, MatchesFormat, NestedList, Optional, Required, RequiredWhen } from '../../validation/ocpi-decorators';

/** 2.2.1 RegularHours: one weekly period, in the Location's local time. */
export class RegularHoursV221 {
  /** 1 = Monday … 7 = Sunday. */
  @Required() @IsOcpiInt({ min: 1, max: 7 }) weekday!: number;
  @Required() @MatchesFormat(FORMATS.hourMinute) period_begin!: string;
  @Required() @MatchesFormat(FORMATS.hourMinute) @LaterThan('period_begin') period_end!: string;
}

/** 2.2.1 ExceptionalPeriod, in UTC. */
export class ExceptionalPeriodV221 {
  @Required() @IsOcpiDateTime('2.2.1') period_begin!: string;
  @Required() @IsOcpiDateTime('2.2.1') period_end!: string;
}

/**
 * 2.2.1 Hours: `twentyfourseven` is always required; `regular_hours` must
 * hold at least one entry when it is false and is "only to be used" then.
 */
export class HoursV221 {
  @Required() @IsOcpiBoolean() twentyfourseven!: boolean;

  @RequiredWhen((hours) => hours.twentyfourseven === false, 'required (at least one entry) when twentyfourseven is false')
  @ForbiddenWhen((hours) => hours.twentyfourseven === true, 'must be empty when twentyfourseven is true')
  @NestedList(() => RegularHoursV221)
  regular_hours?: RegularHoursV221[] | null;

  @Optional() @NestedList(() => ExceptionalPeriodV221) exceptional_openings?: ExceptionalPeriodV221[] | null;
  /** Override regular_hours and exceptional_openings. */
  @Optional() @NestedList(() => ExceptionalPeriodV221) exceptional_closings?: ExceptionalPeriodV221[] | null;
}
