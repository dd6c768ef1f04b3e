import { EvseStatus } from '../../common/evse-status.enum';
import { IsOcpiDateTime, IsOcpiEnum, Optional, Required } from '../../validation/ocpi-decorators';

/** 2.2.1 StatusSchedule: informational; a real change is still pushed in EVSE.status. */
export class StatusScheduleV221 {
  @Required() @IsOcpiDateTime('2.2.1') period_begin!: string;
  @Optional() @IsOcpiDateTime('2.2.1') period_end?: string | null;
  @Required() @IsOcpiEnum(EvseStatus) status!: EvseStatus;
}
