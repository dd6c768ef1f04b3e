import { ConnectorFormat } from '../../common/connector-format.enum';
import { IsCiString, IsOcpiDateTime, IsOcpiEnum, IsOcpiInt, IsOcpiUrl, List, Optional, Required } from '../../validation/ocpi-decorators';
import { ConnectorTypeV221 } from './connector-type.enum';
import { PowerTypeV221 } from './power-type.enum';

/** 2.2.1 Connector: a socket, or a cable with its plug. */
export class ConnectorV221 {
  /** Unique within its EVSE only. */
  @Required() @IsCiString(36, { nonEmpty: true }) id!: string;
  @Required() @IsOcpiEnum(ConnectorTypeV221) standard!: ConnectorTypeV221;
  @Required() @IsOcpiEnum(ConnectorFormat) format!: ConnectorFormat;
  @Required() @IsOcpiEnum(PowerTypeV221) power_type!: PowerTypeV221;
  /** Volts; line to neutral for AC_3_PHASE. */
  @Required() @IsOcpiInt() max_voltage!: number;
  /** Amperes. */
  @Required() @IsOcpiInt() max_amperage!: number;
  /** Watts; set when lower than voltage × amperage allows. */
  @Optional() @IsOcpiInt() max_electric_power?: number | null;
  /** Only one tariff of each Tariff.type may be active at a time. */
  @Optional() @List() @IsCiString(36, { each: true }) tariff_ids?: string[] | null;
  @Optional() @IsOcpiUrl() terms_and_conditions?: string | null;
  @Required() @IsOcpiDateTime('2.2.1') last_updated!: string;
}
