/**
 * ModuleID (version_information_endpoint). `chargingprofiles` and
 * `hubclientinfo` exist in 2.2.1 only. Parties may add custom module IDs
 * (advised with a prefix, e.g. `nltnm-tokens`), so Endpoint.identifier is
 * validated as a string, not against this list.
 */
export enum ModuleId {
  CDRS = 'cdrs',
  CHARGING_PROFILES = 'chargingprofiles',
  COMMANDS = 'commands',
  CREDENTIALS = 'credentials',
  HUB_CLIENT_INFO = 'hubclientinfo',
  LOCATIONS = 'locations',
  SESSIONS = 'sessions',
  TARIFFS = 'tariffs',
  TOKENS = 'tokens',
}

/**
 * The configuration modules: their requests and responses are not routed, so
 * they SHALL NOT carry the OCPI-to/from headers (2.2.1 transport_and_format,
 * "Message Routing Headers"). `versions` is not a ModuleID but is one of them.
 */
export const CONFIGURATION_MODULES: ReadonlySet<string> = new Set([ModuleId.CREDENTIALS, ModuleId.HUB_CLIENT_INFO, 'versions']);
