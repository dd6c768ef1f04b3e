/** 2.1.1 LocationType (mod_locations §4.16); replaced by ParkingType in 2.2.1. */
export enum LocationType {
  ON_STREET = 'ON_STREET',
  PARKING_GARAGE = 'PARKING_GARAGE',
  UNDERGROUND_GARAGE = 'UNDERGROUND_GARAGE',
  PARKING_LOT = 'PARKING_LOT',
  OTHER = 'OTHER',
  /** The default. */
  UNKNOWN = 'UNKNOWN',
}
