/** EnergySourceCategory (mod_locations); same values in 2.1.1 and 2.2.1. */
export enum EnergySourceCategory {
  NUCLEAR = 'NUCLEAR',
  GENERAL_FOSSIL = 'GENERAL_FOSSIL',
  COAL = 'COAL',
  GAS = 'GAS',
  GENERAL_GREEN = 'GENERAL_GREEN',
  SOLAR = 'SOLAR',
  WIND = 'WIND',
  WATER = 'WATER',
}
