/** ConnectorFormat (mod_locations); same values in 2.1.1 and 2.2.1. */
export enum ConnectorFormat {
  /** The driver brings the cable. */
  SOCKET = 'SOCKET',
  /** The cable is attached to the charger. */
  CABLE = 'CABLE',
}
