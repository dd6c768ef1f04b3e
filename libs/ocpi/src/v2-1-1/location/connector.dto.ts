import { ConnectorFormat } from '../../common/connector-format.enum';
import { IsOcpiDateTime, IsOcpiEnum, IsOcpiInt, IsOcpiString, IsOcpiUrl, Optional, Required } from '../../validation/ocpi-decorators';
import { ConnectorTypeV211 } from './connector-type.enum';
import { PowerTypeV211 } from './power-type.enum';

/** 2.1.1 Connector (§3.3). */
export class ConnectorV211 {
  /** Unique within its EVSE only. */
  @Required() @IsOcpiString('2.1.1', 36, { nonEmpty: true }) id!: string;
  @Required() @IsOcpiEnum(ConnectorTypeV211) standard!: ConnectorTypeV211;
  @Required() @IsOcpiEnum(ConnectorFormat) format!: ConnectorFormat;
  @Required() @IsOcpiEnum(PowerTypeV211) power_type!: PowerTypeV211;
  /** Volts; line to neutral for AC_3_PHASE. */
  @Required() @IsOcpiInt() voltage!: number;
  /** Amperes. */
  @Required() @IsOcpiInt() amperage!: number;
  /** Should point to a "free of charge" tariff when charging is free. */
  @Optional() @IsOcpiString('2.1.1', 36) tariff_id?: string | null;
  @Optional() @IsOcpiUrl() terms_and_conditions?: string | null;
  @Required() @IsOcpiDateTime('2.1.1') last_updated!: string;
}
