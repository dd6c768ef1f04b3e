import type { OcpiVersion } from '../common/ocpi-version';
import { ConnectorV211 } from '../v2-1-1/location/connector.dto';
import { EvseV211 } from '../v2-1-1/location/evse.dto';
import { ConnectorPatchV211, EvsePatchV211, LocationPatchV211 } from '../v2-1-1/location/location-patch.dto';
import { LocationV211 } from '../v2-1-1/location/location.dto';
import { ConnectorV221 } from '../v2-2-1/location/connector.dto';
import { EvseV221 } from '../v2-2-1/location/evse.dto';
import { ConnectorPatchV221, EvsePatchV221, LocationPatchV221 } from '../v2-2-1/location/location-patch.dto';
import { LocationV221 } from '../v2-2-1/location/location.dto';
import type { DtoClass } from '../validation/ocpi-decorators';
import { validateDto } from '../validation/validate-dto';
import type { UnknownFields, ValidationResult } from '../validation/validation-result';
import { consistencyIssues } from './location-consistency';
import { type BodyKind, gireveConnectorIssues, gireveEvseIssues, gireveLocationIssues, type GireveProfileOptions, isEmi3OperatorId } from './gireve-profile';

/**
 * Spec rules only, or the spec plus the GIREVE profile (which needs the CPO's
 * eMI3 operator ID). Unknown properties are ignored unless `unknownFields: 'report'`.
 */
export type LocationValidationOptions = ({ profile?: undefined } | ({ profile: 'gireve' } & GireveProfileOptions)) & { unknownFields?: UnknownFields };

/**
 * Validates a Location body (PUT, or an item of a GET list) of that version:
 * every problem as `{ path, reason }`, e.g.
 * `evses[2].connectors[0].tariff_id: required by GIREVE`. Never throws on
 * the body; throws RangeError when the GIREVE profile's emi3OperatorId is not
 * an eMI3 operator ID (configuration error).
 */
export function validateLocation(version: '2.1.1', input: unknown, options?: LocationValidationOptions): ValidationResult<LocationV211>;
export function validateLocation(version: '2.2.1', input: unknown, options?: LocationValidationOptions): ValidationResult<LocationV221>;
export function validateLocation(version: OcpiVersion, input: unknown, options?: LocationValidationOptions): ValidationResult<LocationV211 | LocationV221>;
export function validateLocation(version: OcpiVersion, input: unknown, options: LocationValidationOptions = {}): ValidationResult<LocationV211 | LocationV221> {
  return validateLevel('location', 'full', version, input, options);
}

/** Validates an EVSE body (PUT on …/{location_id}/{evse_uid}); paths are relative to the EVSE. */
export function validateEvse(version: '2.1.1', input: unknown, options?: LocationValidationOptions): ValidationResult<EvseV211>;
export function validateEvse(version: '2.2.1', input: unknown, options?: LocationValidationOptions): ValidationResult<EvseV221>;
export function validateEvse(version: OcpiVersion, input: unknown, options?: LocationValidationOptions): ValidationResult<EvseV211 | EvseV221>;
export function validateEvse(version: OcpiVersion, input: unknown, options: LocationValidationOptions = {}): ValidationResult<EvseV211 | EvseV221> {
  return validateLevel('evse', 'full', version, input, options);
}

/** Validates a Connector body (PUT on …/{evse_uid}/{connector_id}). */
export function validateConnector(version: '2.1.1', input: unknown, options?: LocationValidationOptions): ValidationResult<ConnectorV211>;
export function validateConnector(version: '2.2.1', input: unknown, options?: LocationValidationOptions): ValidationResult<ConnectorV221>;
export function validateConnector(version: OcpiVersion, input: unknown, options?: LocationValidationOptions): ValidationResult<ConnectorV211 | ConnectorV221>;
export function validateConnector(version: OcpiVersion, input: unknown, options: LocationValidationOptions = {}): ValidationResult<ConnectorV211 | ConnectorV221> {
  return validateLevel('connector', 'full', version, input, options);
}

/** The object a PATCH URL points at: …/{location_id}, …/{evse_uid} or …/{connector_id}. */
export type LocationLevel = 'location' | 'evse' | 'connector';

/**
 * Validates a PATCH body: only the fields sent are checked, each with its full
 * rules (nested objects and lists are whole values). 2.2.1 requires
 * last_updated in every PATCH. GIREVE rules apply to the fields sent.
 */
export function validateLocationPatch<L extends LocationLevel>(level: L, version: '2.1.1', input: unknown, options?: LocationValidationOptions): ValidationResult<PatchBodyV211[L]>;
export function validateLocationPatch<L extends LocationLevel>(level: L, version: '2.2.1', input: unknown, options?: LocationValidationOptions): ValidationResult<PatchBodyV221[L]>;
export function validateLocationPatch<L extends LocationLevel>(
  level: L,
  version: OcpiVersion,
  input: unknown,
  options?: LocationValidationOptions,
): ValidationResult<PatchBodyV211[L] | PatchBodyV221[L]>;
export function validateLocationPatch(level: LocationLevel, version: OcpiVersion, input: unknown, options: LocationValidationOptions = {}): ValidationResult<object> {
  return validateLevel(level, 'patch', version, input, options);
}

/** The PATCH body type of each level. */
export interface PatchBodyV211 {
  location: LocationPatchV211;
  evse: EvsePatchV211;
  connector: ConnectorPatchV211;
}
export interface PatchBodyV221 {
  location: LocationPatchV221;
  evse: EvsePatchV221;
  connector: ConnectorPatchV221;
}

const DTOS: Record<BodyKind, Record<LocationLevel, Record<OcpiVersion, DtoClass>>> = {
  full: {
    location: { '2.1.1': LocationV211, '2.2.1': LocationV221 },
    evse: { '2.1.1': EvseV211, '2.2.1': EvseV221 },
    connector: { '2.1.1': ConnectorV211, '2.2.1': ConnectorV221 },
  },
  patch: {
    location: { '2.1.1': LocationPatchV211, '2.2.1': LocationPatchV221 },
    evse: { '2.1.1': EvsePatchV211, '2.2.1': EvsePatchV221 },
    connector: { '2.1.1': ConnectorPatchV211, '2.2.1': ConnectorPatchV221 },
  },
};

function validateLevel<T>(level: LocationLevel, kind: BodyKind, version: OcpiVersion, input: unknown, options: LocationValidationOptions): ValidationResult<T> {
  const gireve = options.profile === 'gireve' ? options : undefined;
  // A configuration error, not a body error: thrown, not reported as an issue.
  if (gireve && !isEmi3OperatorId(gireve.emi3OperatorId)) throw new RangeError(`emi3OperatorId must be an eMI3 operator ID such as FR*ABC, got "${gireve.emi3OperatorId}"`);
  const profile =
    gireve &&
    {
      location: (body: unknown) => gireveLocationIssues(version, body, gireve, kind),
      evse: (body: unknown) => gireveEvseIssues(version, body, gireve, kind),
      connector: (body: unknown) => gireveConnectorIssues(version, body, kind),
    }[level];
  const extraRules = (body: unknown) => [...consistencyIssues(level, body), ...(profile ? profile(body) : [])];
  return validateDto<T>(DTOS[kind][level][version], input, { extraRules, unknownFields: options.unknownFields });
}
