import type { ConnectorV211 } from '../v2-1-1/location/connector.dto';
import type { EvseV211 } from '../v2-1-1/location/evse.dto';
import type { LocationV211 } from '../v2-1-1/location/location.dto';
import type { LocationPatchV211 } from '../v2-1-1/location/location-patch.dto';
import { LocationType } from '../v2-1-1/location/location-type.enum';
import type { ConnectorV221 } from '../v2-2-1/location/connector.dto';
import type { EvseV221 } from '../v2-2-1/location/evse.dto';
import type { LocationV221 } from '../v2-2-1/location/location.dto';
import { ParkingType } from '../v2-2-1/location/parking-type.enum';

/*
 * 2.1.1 → 2.2.1 (a 2.1.1 body → the stored shape). The mapping table is
 * libs/ocpi/README.md. Every 2.1.1 value exists in 2.2.1; what 2.1.1 lacks
 * comes from the defaults. Fields not named here, extensions included, are
 * copied as they are; only the fields present are mapped, so PATCH bodies
 * convert too (toV221Patch).
 */

export interface V221Defaults {
  /** The owning CPO, which 2.1.1 only states in the URL and the credentials. */
  country_code: string;
  party_id: string;
  /** 2.1.1 has no publication control: whatever it shares is public. Default true. */
  publish?: boolean;
  /** Required in 2.2.1, optional in 2.1.1; used when the 2.1.1 Location has none. Without either, the result lacks it (and fails 2.2.1 validation). */
  time_zone?: string;
}

type Json = Record<string, unknown>;

/** OTHER and UNKNOWN have no 2.2.1 counterpart: parking_type is left out (it is optional). */
const PARKING_TYPES: Record<LocationType, ParkingType | undefined> = {
  [LocationType.ON_STREET]: ParkingType.ON_STREET,
  [LocationType.PARKING_GARAGE]: ParkingType.PARKING_GARAGE,
  [LocationType.UNDERGROUND_GARAGE]: ParkingType.UNDERGROUND_GARAGE,
  [LocationType.PARKING_LOT]: ParkingType.PARKING_LOT,
  [LocationType.OTHER]: undefined,
  [LocationType.UNKNOWN]: undefined,
};

/** A 2.1.1 Location in the stored 2.2.1 shape; also takes it as plain JSON. */
export function toV221(location: LocationV211, defaults: V221Defaults): LocationV221;
export function toV221(location: Record<string, unknown>, defaults: V221Defaults): Record<string, unknown>;
export function toV221(location: LocationV211 | Record<string, unknown>, defaults: V221Defaults): LocationV221 | Record<string, unknown> {
  const { type, postal_code, time_zone, ...fields } = location as Json;
  const converted: Json = { country_code: defaults.country_code, party_id: defaults.party_id, ...locationFields(fields), publish: defaults.publish ?? true };
  const parkingType = PARKING_TYPES[type as LocationType];
  if (parkingType) converted.parking_type = parkingType;
  // 2.2.1: postal_code "may only be omitted when the location has no postal code"; 2.1.1 had to send something, often ''.
  if (postal_code !== '' && postal_code !== undefined) converted.postal_code = postal_code;
  const timeZone = time_zone ?? defaults.time_zone;
  if (timeZone !== undefined) converted.time_zone = timeZone;
  return converted;
}

/** A 2.1.1 Location PATCH body as a 2.2.1 one. 2.2.1 requires last_updated in a PATCH: `now` fills it when absent. */
export function toV221Patch(patch: LocationPatchV211, now: string): Partial<LocationV221> & Pick<LocationV221, 'last_updated'> {
  const { type, ...fields } = patch as unknown as Json;
  const converted = { ...locationFields(fields), last_updated: patch.last_updated ?? now };
  if (type !== undefined) (converted as Json).parking_type = PARKING_TYPES[type as LocationType] ?? null;
  return converted as Partial<LocationV221> & Pick<LocationV221, 'last_updated'>;
}

/** A 2.1.1 EVSE (or EVSE PATCH body) in 2.2.1. */
export function toV221Evse(evse: EvseV211): EvseV221;
export function toV221Evse(evse: Partial<EvseV211>): Partial<EvseV221>;
export function toV221Evse(evse: Partial<EvseV211>): Partial<EvseV221> {
  return evseFields(evse as Json) as Partial<EvseV221>;
}

/** A 2.1.1 Connector (or Connector PATCH body) in 2.2.1. */
export function toV221Connector(connector: ConnectorV211): ConnectorV221;
export function toV221Connector(connector: Partial<ConnectorV211>): Partial<ConnectorV221>;
export function toV221Connector(connector: Partial<ConnectorV211>): Partial<ConnectorV221> {
  return connectorFields(connector as Json) as Partial<ConnectorV221>;
}

function locationFields(location: Json): Json {
  const converted = { ...location };
  if (Array.isArray(location.evses)) converted.evses = location.evses.map((evse: Json) => evseFields(evse));
  if (isJson(location.opening_times)) converted.opening_times = hoursFields(location.opening_times);
  if (isJson(location.energy_mix)) converted.energy_mix = energyMixFields(location.energy_mix);
  return converted;
}

function evseFields(evse: Json): Json {
  if (!Array.isArray(evse.connectors)) return { ...evse };
  return { ...evse, connectors: evse.connectors.map((connector: Json) => connectorFields(connector)) };
}

function connectorFields(connector: Json): Json {
  const { voltage, amperage, tariff_id, ...converted } = connector;
  if (voltage !== undefined) converted.max_voltage = voltage;
  if (amperage !== undefined) converted.max_amperage = amperage;
  if (tariff_id !== undefined) converted.tariff_ids = typeof tariff_id === 'string' && tariff_id !== '' ? [tariff_id] : [];
  return converted;
}

/** 2.2.1 always states twentyfourseven; regular_hours only when it is false. */
function hoursFields(hours: Json): Json {
  const { twentyfourseven, regular_hours, ...converted } = hours;
  if (twentyfourseven === true) return { twentyfourseven, ...converted };
  return regular_hours === undefined ? { twentyfourseven: false, ...converted } : { twentyfourseven: false, regular_hours, ...converted };
}

function energyMixFields(mix: Json): Json {
  if (!Array.isArray(mix.environ_impact)) return mix;
  return { ...mix, environ_impact: mix.environ_impact.map(({ source, ...impact }: Json) => ({ category: source, ...impact })) };
}

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
