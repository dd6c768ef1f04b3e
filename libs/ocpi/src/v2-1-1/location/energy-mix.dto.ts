import { EnergySourceCategory } from '../../common/energy-source-category.enum';
import { EnvironmentalImpactCategory } from '../../common/environmental-impact-category.enum';
import { IsOcpiBoolean, IsOcpiEnum, IsOcpiNumber, IsOcpiString, NestedList, Optional, Required } from '../../validation/ocpi-decorators';

/** 2.1.1 EnergySource (§4.6). */
export class EnergySourceV211 {
  @Required() @IsOcpiEnum(EnergySourceCategory) source!: EnergySourceCategory;
  @Required() @IsOcpiNumber({ min: 0, max: 100 }) percentage!: number;
}

/** 2.1.1 EnvironmentalImpact (§4.8); the key is `source` (2.2.1 renamed it `category`). */
export class EnvironmentalImpactV211 {
  @Required() @IsOcpiEnum(EnvironmentalImpactCategory) source!: EnvironmentalImpactCategory;
  /** g/kWh. */
  @Required() @IsOcpiNumber() amount!: number;
}

/** 2.1.1 EnergyMix (§4.5). */
export class EnergyMixV211 {
  @Required() @IsOcpiBoolean() is_green_energy!: boolean;
  @Optional() @NestedList(() => EnergySourceV211) energy_sources?: EnergySourceV211[] | null;
  @Optional() @NestedList(() => EnvironmentalImpactV211) environ_impact?: EnvironmentalImpactV211[] | null;
  @Optional() @IsOcpiString('2.1.1', 64) supplier_name?: string | null;
  @Optional() @IsOcpiString('2.1.1', 64) energy_product_name?: string | null;
}
