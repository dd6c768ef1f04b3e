import { IsCiString, IsOcpiEnum, IsOcpiInt, MatchesFormat, Optional, Required } from '@app/ocpi';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OCPP16_STATUSES, type Ocpp16Status } from '../status-mapping/ocpp-status-table';
import { enumOf, ZONED_DATE_TIME } from './status-event-formats';

/** OCPP 1.6 ChargePointErrorCode. Informational: the status, not the error code, gives the OCPI status. */
export const OCPP16_ERROR_CODES = [
  'ConnectorLockFailure',
  'EVCommunicationError',
  'GroundFailure',
  'HighTemperature',
  'InternalError',
  'LocalListConflict',
  'NoError',
  'OtherError',
  'OverCurrentFailure',
  'PowerMeterFailure',
  'PowerSwitchFailure',
  'ReaderFailure',
  'ResetFailure',
  'UnderVoltage',
  'OverVoltage',
  'WeakSignal',
] as const;

/** An OCPP 1.6 StatusNotification.req, with the identity of the charge point that sent it. */
export class Ocpp16StatusNotificationDto {
  @ApiProperty({ description: 'The charge point identity (chargeBoxIdentity) as bound in the Locations admin API.', example: 'CP-0001', maxLength: 48 })
  @Required()
  @IsCiString(48, { nonEmpty: true })
  charge_point_id!: string;

  @ApiProperty({ description: '0 is the whole charge point (Available, Unavailable or Faulted only).', minimum: 0, example: 1 })
  @Required()
  @IsOcpiInt({ min: 0 })
  connectorId!: number;

  @ApiProperty({ enum: OCPP16_STATUSES, example: 'Charging' })
  @Required()
  @IsOcpiEnum(enumOf(OCPP16_STATUSES))
  status!: Ocpp16Status;

  @ApiProperty({ enum: OCPP16_ERROR_CODES, example: 'NoError' })
  @Required()
  @IsOcpiEnum(enumOf(OCPP16_ERROR_CODES))
  errorCode!: string;

  @ApiPropertyOptional({ description: 'When the status changed; the receipt time when absent.', example: '2026-11-23T10:00:00Z' })
  @Optional()
  @MatchesFormat(ZONED_DATE_TIME)
  timestamp?: string;

  @ApiPropertyOptional({ maxLength: 50 })
  @Optional()
  @IsCiString(50)
  info?: string;

  @ApiPropertyOptional({ maxLength: 255 })
  @Optional()
  @IsCiString(255)
  vendorId?: string;

  @ApiPropertyOptional({ maxLength: 50 })
  @Optional()
  @IsCiString(50)
  vendorErrorCode?: string;
}
