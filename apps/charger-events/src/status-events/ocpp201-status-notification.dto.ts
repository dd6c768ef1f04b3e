import { IsCiString, IsOcpiEnum, IsOcpiInt, MatchesFormat, Required } from '@app/ocpi';
import { ApiProperty } from '@nestjs/swagger';
import { OCPP201_STATUSES, type Ocpp201Status } from '../status-mapping/ocpp-status-table';
import { enumOf, ZONED_DATE_TIME } from './status-event-formats';

/** An OCPP 2.0.1 StatusNotificationRequest, with the identity of the station that sent it. */
export class Ocpp201StatusNotificationDto {
  @ApiProperty({ description: 'The charging station identity as bound in the Locations admin API.', example: 'CS-0001', maxLength: 48 })
  @Required()
  @IsCiString(48, { nonEmpty: true })
  station_id!: string;

  @ApiProperty({ minimum: 1, example: 1 })
  @Required()
  @IsOcpiInt({ min: 1 })
  evseId!: number;

  @ApiProperty({ minimum: 1, example: 1 })
  @Required()
  @IsOcpiInt({ min: 1 })
  connectorId!: number;

  @ApiProperty({ enum: OCPP201_STATUSES, example: 'Occupied' })
  @Required()
  @IsOcpiEnum(enumOf(OCPP201_STATUSES))
  connectorStatus!: Ocpp201Status;

  @ApiProperty({ example: '2026-11-23T10:00:00Z' })
  @Required()
  @MatchesFormat(ZONED_DATE_TIME)
  timestamp!: string;
}
