/** ImageCategory (mod_locations); same values in 2.1.1 and 2.2.1. */
export enum ImageCategory {
  CHARGER = 'CHARGER',
  ENTRANCE = 'ENTRANCE',
  LOCATION = 'LOCATION',
  NETWORK = 'NETWORK',
  OPERATOR = 'OPERATOR',
  OTHER = 'OTHER',
  OWNER = 'OWNER',
}
