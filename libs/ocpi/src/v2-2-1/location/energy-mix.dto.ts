import { EnergySourceCategory } from '../../common/energy-source-category.enum';
import { EnvironmentalImpactCategory } from '../../common/environmental-impact-category.enum';
import { IsOcpiBoolean, IsOcpiEnum, IsOcpiNumber, IsOcpiString, NestedList, Optional, Required } from '../../validation/ocpi-decorators';

/** 2.2.1 EnergySource: share of one source in the mix. */
export class EnergySourceV221 {
  @Required() @IsOcpiEnum(EnergySourceCategory) source!: EnergySourceCategory;
  @Required() @IsOcpiNumber({ min: 0, max: 100 }) percentage!: number;
}

/** 2.2.1 EnvironmentalImpact; the key is `category` (2.1.1 called it `source`). */
export class EnvironmentalImpactV221 {
  @Required() @IsOcpiEnum(EnvironmentalImpactCategory) category!: EnvironmentalImpactCategory;
  /** g/kWh. */
  @Required() @IsOcpiNumber() amount!: number;
}

/** 2.2.1 EnergyMix. */
export class EnergyMixV221 {
  @Required() @IsOcpiBoolean() is_green_energy!: boolean;
  @Optional() @NestedList(() => EnergySourceV221) energy_sources?: EnergySourceV221[] | null;
  @Optional() @NestedList(() => EnvironmentalImpactV221) environ_impact?: EnvironmentalImpactV221[] | null;
  @Optional() @IsOcpiString('2.2.1', 64) supplier_name?: string | null;
  @Optional() @IsOcpiString('2.2.1', 64) energy_product_name?: string | null;
}
