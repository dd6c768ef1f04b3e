import { EvseStatus } from '@app/ocpi';
import { Type } from 'class-transformer';
import { IsArray, IsEnum, IsInt, IsOptional, IsString, Length, Min, ValidateNested } from 'class-validator';

/** A status a charger reported, and its time (ms since the epoch): the newest time wins. */
export class KnownStatusV1 {
  @IsEnum(EvseStatus)
  status!: EvseStatus;

  @IsInt()
  time!: number;
}

/** What an OCPP 2.0.1 station last said of one connector of the EVSE. */
export class KnownConnectorV1 extends KnownStatusV1 {
  @IsInt()
  @Min(0)
  connector_id!: number;
}

/**
 * Topic ocpi.connector-memory.v1 (compacted): what charger-events remembers of
 * one EVSE's connectors, whole, after each change. Key: the EVSE's evseKey.
 */
export class ConnectorMemoryV1 {
  @IsString()
  @Length(1, 120)
  evse_key!: string;

  /** The EVSE's own status (OCPP 1.6 connector > 0), given back when connector 0 goes Available. */
  @IsOptional()
  @ValidateNested()
  @Type(() => KnownStatusV1)
  own?: KnownStatusV1;

  /** Each OCPP 2.0.1 connector of the EVSE: the EVSE's status is their fold. */
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => KnownConnectorV1)
  connectors!: KnownConnectorV1[];
}
