/** EnvironmentalImpactCategory (mod_locations); same values in 2.1.1 and 2.2.1. */
export enum EnvironmentalImpactCategory {
  NUCLEAR_WASTE = 'NUCLEAR_WASTE',
  CARBON_DIOXIDE = 'CARBON_DIOXIDE',
}
