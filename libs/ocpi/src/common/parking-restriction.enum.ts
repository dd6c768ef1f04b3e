/** ParkingRestriction (mod_locations); same values in 2.1.1 and 2.2.1. */
export enum ParkingRestriction {
  EV_ONLY = 'EV_ONLY',
  PLUGGED = 'PLUGGED',
  DISABLED = 'DISABLED',
  CUSTOMERS = 'CUSTOMERS',
  MOTORCYCLES = 'MOTORCYCLES',
}
