import { CapabilityV211 } from '../v2-1-1/location/capability.enum';
import type { ConnectorV211 } from '../v2-1-1/location/connector.dto';
import { ConnectorTypeV211 } from '../v2-1-1/location/connector-type.enum';
import type { EvseV211 } from '../v2-1-1/location/evse.dto';
import { FacilityV211 } from '../v2-1-1/location/facility.enum';
import type { LocationV211 } from '../v2-1-1/location/location.dto';
import type { LocationPatchV211 } from '../v2-1-1/location/location-patch.dto';
import { LocationType } from '../v2-1-1/location/location-type.enum';
import { PowerTypeV211 } from '../v2-1-1/location/power-type.enum';
import type { ConnectorV221 } from '../v2-2-1/location/connector.dto';
import type { EvseV221 } from '../v2-2-1/location/evse.dto';
import type { LocationV221 } from '../v2-2-1/location/location.dto';
import type { LocationPatchV221 } from '../v2-2-1/location/location-patch.dto';
import { ParkingType } from '../v2-2-1/location/parking-type.enum';
import { PowerTypeV221 } from '../v2-2-1/location/power-type.enum';
import { withAsciiText } from './ascii-text';

/*
 * 2.2.1 → 2.1.1 (the stored shape → what a 2.1.1 partner gets). The mapping
 * table, with what is lost, is libs/ocpi/README.md. Fields not named here,
 * extensions included, are copied as they are. Every function maps only the
 * fields present, so it also converts PATCH bodies.
 */

export interface V211Defaults {
  /** 2.1.1 requires postal_code; used when the 2.2.1 Location has none. Without it the field stays absent: an invented '' would pass for a real one. */
  postal_code?: string;
}

type Json = Record<string, unknown>;

/** 2.1.1 has no ON_DRIVEWAY or ALONG_MOTORWAY: they become OTHER; no parking_type becomes UNKNOWN (2.1.1's default). */
const LOCATION_TYPES: Record<ParkingType, LocationType> = {
  [ParkingType.ALONG_MOTORWAY]: LocationType.OTHER,
  [ParkingType.ON_DRIVEWAY]: LocationType.OTHER,
  [ParkingType.ON_STREET]: LocationType.ON_STREET,
  [ParkingType.PARKING_GARAGE]: LocationType.PARKING_GARAGE,
  [ParkingType.PARKING_LOT]: LocationType.PARKING_LOT,
  [ParkingType.UNDERGROUND_GARAGE]: LocationType.UNDERGROUND_GARAGE,
};

/** 2.1.1 has no two-phase types: AC_1_PHASE under-states the power rather than over-stating it. */
const POWER_TYPES: Record<PowerTypeV221, PowerTypeV211> = {
  [PowerTypeV221.AC_1_PHASE]: PowerTypeV211.AC_1_PHASE,
  [PowerTypeV221.AC_2_PHASE]: PowerTypeV211.AC_1_PHASE,
  [PowerTypeV221.AC_2_PHASE_SPLIT]: PowerTypeV211.AC_1_PHASE,
  [PowerTypeV221.AC_3_PHASE]: PowerTypeV211.AC_3_PHASE,
  [PowerTypeV221.DC]: PowerTypeV211.DC,
};

const CAPABILITIES_V211 = new Set<string>(Object.values(CapabilityV211));
const FACILITIES_V211 = new Set<string>(Object.values(FacilityV211));
const CONNECTOR_TYPES_V211 = new Set<string>(Object.values(ConnectorTypeV211));
/** 2.1.1 Location.address is string(45), 2.2.1's string(255). */
const ADDRESS_LENGTH_V211 = 45;

/** A stored (2.2.1) Location as a 2.1.1 Location; also takes it as plain JSON (e.g. read from a JSONB column). */
export function toV211(location: LocationV221, defaults?: V211Defaults): LocationV211;
export function toV211(location: Record<string, unknown>, defaults?: V211Defaults): Record<string, unknown>;
export function toV211(location: LocationV221 | Record<string, unknown>, defaults: V211Defaults = {}): LocationV211 | Record<string, unknown> {
  const converted = locationFields(location as Json);
  const parkingType = location.parking_type as ParkingType | null | undefined;
  converted.type = parkingType ? LOCATION_TYPES[parkingType] : LocationType.UNKNOWN;
  const postalCode = location.postal_code ?? defaults.postal_code;
  if (postalCode === undefined) delete converted.postal_code;
  else converted.postal_code = postalCode;
  return withAsciiText(converted);
}

/** A 2.2.1 Location PATCH body as a 2.1.1 one (type is only set when parking_type is sent). */
export function toV211Patch(patch: LocationPatchV221): LocationPatchV211 {
  const converted = locationFields(patch as unknown as Json);
  if (patch.parking_type !== undefined) converted.type = patch.parking_type ? LOCATION_TYPES[patch.parking_type] : LocationType.UNKNOWN;
  return withAsciiText(converted) as LocationPatchV211;
}

/** A 2.2.1 EVSE (or EVSE PATCH body) in 2.1.1; null when none of its connectors exists in 2.1.1. */
export function toV211Evse(evse: EvseV221): EvseV211 | null;
export function toV211Evse(evse: Partial<EvseV221>): Partial<EvseV211> | null;
export function toV211Evse(evse: Partial<EvseV221>): Partial<EvseV211> | null {
  const converted = evseFields(evse as Json);
  return converted === null ? null : (withAsciiText(converted) as Partial<EvseV211>);
}

/** A 2.2.1 Connector (or Connector PATCH body) in 2.1.1; null when its standard does not exist in 2.1.1. */
export function toV211Connector(connector: ConnectorV221): ConnectorV211 | null;
export function toV211Connector(connector: Partial<ConnectorV221>): Partial<ConnectorV211> | null;
export function toV211Connector(connector: Partial<ConnectorV221>): Partial<ConnectorV211> | null {
  const converted = connectorFields(connector as Json);
  return converted === null ? null : (withAsciiText(converted) as Partial<ConnectorV211>);
}

function locationFields(location: Json): Json {
  // Dropped: 2.2.1-only fields (the owner is implied by the URL in 2.1.1; publication control does not exist).
  const { country_code, party_id, publish, publish_allowed_to, parking_type, state, ...converted } = location;
  if (typeof converted.address === 'string') converted.address = converted.address.slice(0, ADDRESS_LENGTH_V211);
  if (Array.isArray(converted.facilities)) converted.facilities = converted.facilities.filter((facility) => FACILITIES_V211.has(String(facility)));
  if (Array.isArray(converted.evses)) converted.evses = converted.evses.map((evse: Json) => evseFields(evse)).filter((evse) => evse !== null);
  if (isJson(converted.opening_times)) converted.opening_times = hoursFields(converted.opening_times);
  if (isJson(converted.coordinates)) converted.coordinates = geoLocationFields(converted.coordinates);
  if (Array.isArray(converted.related_locations)) converted.related_locations = converted.related_locations.map((related: Json) => geoLocationFields(related));
  if (isJson(converted.energy_mix)) converted.energy_mix = energyMixFields(converted.energy_mix);
  return converted;
}

/** Whether toV211Connector keeps the connector (2.1.1 has its standard), told without converting it. */
export function keptInV211Connector(connector: Record<string, unknown>): boolean {
  return connector.standard === undefined || CONNECTOR_TYPES_V211.has(String(connector.standard));
}

/** Whether toV211Evse keeps the EVSE (it has no connectors, or one at least that 2.1.1 keeps), told without converting it. */
export function keptInV211Evse(evse: Record<string, unknown>): boolean {
  return !Array.isArray(evse.connectors) || evse.connectors.length === 0 || evse.connectors.some((connector: Json) => keptInV211Connector(connector));
}

function evseFields(evse: Json): Json | null {
  // An EVSE needs at least one connector (`+`).
  if (!keptInV211Evse(evse)) return null;
  const converted = { ...evse };
  if (isJson(evse.coordinates)) converted.coordinates = geoLocationFields(evse.coordinates);
  if (Array.isArray(evse.capabilities)) converted.capabilities = evse.capabilities.filter((capability) => CAPABILITIES_V211.has(String(capability)));
  if (Array.isArray(evse.connectors)) {
    converted.connectors = evse.connectors.map((connector: Json) => connectorFields(connector)).filter((connector) => connector !== null);
  }
  return converted;
}

function connectorFields(connector: Json): Json | null {
  const { max_voltage, max_amperage, max_electric_power, tariff_ids, ...converted } = connector;
  if (!keptInV211Connector(connector)) return null;
  if (converted.power_type !== undefined) converted.power_type = POWER_TYPES[converted.power_type as PowerTypeV221] ?? converted.power_type;
  if (max_voltage !== undefined) converted.voltage = max_voltage;
  if (max_amperage !== undefined) converted.amperage = max_amperage;
  // 2.1.1 has one tariff per connector: the first of the list is kept.
  if (tariff_ids !== undefined) converted.tariff_id = Array.isArray(tariff_ids) && tariff_ids.length > 0 ? tariff_ids[0] : null;
  return converted;
}

/** 2.1.1 writes coordinates with exactly 6 decimals (`-?[0-9]{1,2}\.[0-9]{6}`), 2.2.1 with 5 to 7. */
function geoLocationFields(point: Json): Json {
  const converted = { ...point };
  for (const axis of ['latitude', 'longitude'] as const) {
    const value = Number(point[axis]);
    if (typeof point[axis] === 'string' && Number.isFinite(value)) converted[axis] = value.toFixed(6);
  }
  return converted;
}

/** 2.1.1 Hours is a choice: twentyfourseven true, or regular_hours. */
function hoursFields(hours: Json): Json {
  const { twentyfourseven, regular_hours, ...converted } = hours;
  if (twentyfourseven === true) return { twentyfourseven, ...converted };
  return regular_hours === undefined ? converted : { regular_hours, ...converted };
}

function energyMixFields(mix: Json): Json {
  if (!Array.isArray(mix.environ_impact)) return mix;
  return { ...mix, environ_impact: mix.environ_impact.map(({ category, ...impact }: Json) => ({ source: category, ...impact })) };
}

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
