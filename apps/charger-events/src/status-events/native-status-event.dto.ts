import { EvseStatus, IsCiString, IsOcpiEnum, MatchesFormat, Required } from '@app/ocpi';
import { ApiProperty } from '@nestjs/swagger';
import { ZONED_DATE_TIME } from './status-event-formats';

/** A status change already in OCPI terms, from a sender that knows its Location and EVSE ids. */
export class NativeStatusEventDto {
  @ApiProperty({ example: 'LOC1', maxLength: 36 })
  @Required()
  @IsCiString(36, { nonEmpty: true })
  location_id!: string;

  @ApiProperty({ example: 'LOC1-1', maxLength: 36 })
  @Required()
  @IsCiString(36, { nonEmpty: true })
  evse_uid!: string;

  @ApiProperty({ enum: EvseStatus, example: EvseStatus.CHARGING })
  @Required()
  @IsOcpiEnum(EvseStatus)
  status!: EvseStatus;

  @ApiProperty({ description: 'When the status changed at the charger.', example: '2026-11-23T10:00:00Z' })
  @Required()
  @MatchesFormat(ZONED_DATE_TIME)
  timestamp!: string;
}
