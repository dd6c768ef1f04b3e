import {
  isEmi3OperatorId,
  type LocationLevel,
  type OcpiVersion,
  parseRoutingHeaders,
  validateConnector,
  validateEvse,
  validateLocation,
  validateLocationPatch,
  type ValidationResult,
} from '@app/ocpi';
import type { IncomingHttpHeaders } from 'node:http';
import { requestIdProblems } from '../ocpi-headers/request-id-problems';

/** What the receiver got: the URL's ids, the body and the headers. */
export interface ReceivedObject {
  method: 'PUT' | 'PATCH';
  version: string;
  country_code: string;
  party_id: string;
  location_id: string;
  evse_uid?: string;
  connector_id?: string;
  body: unknown;
  headers: IncomingHttpHeaders;
}

/**
 * What GIREVE would refuse in a PUT or PATCH of its Locations receiver: the
 * object against OCPI and GIREVE's profile (eMI3 operator from the URL's
 * party), ids in the body that contradict the URL, `last_updated` missing
 * from a 2.2.1 PATCH, and in 2.2.1 the request and routing headers (OCPI-to
 * must name the IOP). Each problem as `path: reason`.
 */
export function receivedObjectProblems(received: ReceivedObject, iop: { country_code: string; party_id: string }): string[] {
  if (received.version !== '2.1.1' && received.version !== '2.2.1') return [`version: ${received.version} is not served (2.1.1, 2.2.1)`];
  const version: OcpiVersion = received.version;
  const level = objectLevel(received);
  const emi3OperatorId = `${received.country_code}*${received.party_id}`;
  // GIREVE's profile checks evse_ids against the URL's party: one that is no party is the caller's error (it threw: 500).
  if (!isEmi3OperatorId(emi3OperatorId)) return [`country_code/party_id: ${received.country_code}/${received.party_id} in the URL is not a party (2 letters, then 3 letters or digits)`];
  const options = { profile: 'gireve' as const, emi3OperatorId };
  const problems = issues(received.method === 'PUT' ? validateFull(level, version, received.body, options) : validateLocationPatch(level, version, received.body, options));
  if (received.method === 'PUT') problems.push(...idMismatches(level, version, received));
  if (received.method === 'PATCH' && version === '2.2.1' && !hasField(received.body, 'last_updated')) problems.push('last_updated: required in a 2.2.1 PATCH');
  if (version === '2.2.1') problems.push(...headerProblems(received.headers, iop));
  return problems;
}

/** Which object a receiver URL names: a Connector, an EVSE or a Location. */
export function objectLevel(ids: { evse_uid?: string; connector_id?: string }): LocationLevel {
  return ids.connector_id !== undefined ? 'connector' : ids.evse_uid !== undefined ? 'evse' : 'location';
}

function validateFull(level: LocationLevel, version: OcpiVersion, body: unknown, options: Parameters<typeof validateLocation>[2]): ValidationResult<unknown> {
  if (level === 'location') return validateLocation(version, body, options);
  return level === 'evse' ? validateEvse(version, body, options) : validateConnector(version, body, options);
}

function issues(result: ValidationResult<unknown>): string[] {
  return result.ok ? [] : result.errors.map(({ path, reason }) => (path ? `${path}: ${reason}` : reason));
}

function idMismatches(level: LocationLevel, version: OcpiVersion, received: ReceivedObject): string[] {
  const body = (received.body ?? {}) as Record<string, unknown>;
  const expected: [string, string | undefined][] = level === 'location' ? [['id', received.location_id]] : level === 'evse' ? [['uid', received.evse_uid]] : [['id', received.connector_id]];
  if (version === '2.2.1' && level === 'location') expected.push(['country_code', received.country_code], ['party_id', received.party_id]);
  return expected.filter(([field, value]) => body[field] !== undefined && body[field] !== value).map(([field, value]) => `${field}: must be ${value}, as in the URL`);
}

function headerProblems(headers: IncomingHttpHeaders, iop: { country_code: string; party_id: string }): string[] {
  const problems = requestIdProblems(headers);
  const { from, to } = parseRoutingHeaders(headers);
  if (!from) problems.push('OCPI-from-country-code/OCPI-from-party-id: headers required in 2.2.1');
  if (!to) problems.push('OCPI-to-country-code/OCPI-to-party-id: headers required in 2.2.1');
  else if (to.country_code !== iop.country_code || to.party_id !== iop.party_id) {
    problems.push(`OCPI-to: ${to.country_code}/${to.party_id} is not this IOP (${iop.country_code}/${iop.party_id})`);
  }
  return problems;
}

function hasField(body: unknown, field: string): boolean {
  return typeof body === 'object' && body !== null && (body as Record<string, unknown>)[field] !== undefined;
}
