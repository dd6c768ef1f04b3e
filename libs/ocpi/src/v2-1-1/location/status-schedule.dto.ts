import { EvseStatus } from '../../common/evse-status.enum';
import { IsOcpiDateTime, IsOcpiEnum, Optional, Required } from '../../validation/ocpi-decorators';

/** 2.1.1 StatusSchedule (§4.21): informational only. */
export class StatusScheduleV211 {
  @Required() @IsOcpiDateTime('2.1.1') period_begin!: string;
  @Optional() @IsOcpiDateTime('2.1.1') period_end?: string | null;
  @Required() @IsOcpiEnum(EvseStatus) status!: EvseStatus;
}
