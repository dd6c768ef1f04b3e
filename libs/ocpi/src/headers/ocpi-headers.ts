import { randomUUID } from 'node:crypto';
import { CONFIGURATION_MODULES } from '../common/module-id.enum';
import type { OcpiVersion } from '../common/ocpi-version';
import { FORMATS } from '../validation/ocpi-checks';

/**
 * The 2.2.1 request headers (transport_and_format "Unique message IDs",
 * "Message Routing Headers"). HTTP header names are case-insensitive; Node
 * gives them in lower case.
 */
export const OCPI_HEADERS = {
  /** Unique per request (a UUID); the response carries the same value; a Hub forwarding a request makes a new one. */
  REQUEST_ID: 'X-Request-ID',
  /** The same for every request and response of one flow; a Hub keeps it end to end. */
  CORRELATION_ID: 'X-Correlation-ID',
  /** The party sending this message. */
  FROM_COUNTRY_CODE: 'OCPI-from-country-code',
  FROM_PARTY_ID: 'OCPI-from-party-id',
  /** The party this message is for. */
  TO_COUNTRY_CODE: 'OCPI-to-country-code',
  TO_PARTY_ID: 'OCPI-to-party-id',
} as const;

/** A party as routing headers name it: CiString(2) country code and CiString(3) party ID. */
export interface OcpiParty {
  country_code: string;
  party_id: string;
}

/** Request or response headers as Node gives them. */
export type IncomingHeaders = Record<string, string | string[] | undefined>;

export interface RequestHeaderOptions {
  /**
   * The module called (a ModuleId, or 'versions'): the configuration modules
   * (credentials, versions, hubclientinfo) SHALL NOT carry routing headers.
   */
  module: string;
  /** Us: the party sending the request. */
  from: OcpiParty;
  /** The party the request is for (via GIREVE: the IOP, FR/007). Left out for an Open Routing Request. */
  to?: OcpiParty;
  /** The flow this request belongs to; a new flow (a new UUID) when absent. */
  correlationId?: string;
}

/**
 * Headers for a request we send. 2.2.1: a new X-Request-ID, the
 * X-Correlation-ID, and the routing headers on functional modules. 2.1.1
 * defines none of these: no headers.
 */
export function buildRequestHeaders(version: OcpiVersion, options: RequestHeaderOptions): Record<string, string> {
  if (version === '2.1.1') return {};
  const headers: Record<string, string> = {
    [OCPI_HEADERS.REQUEST_ID]: randomUUID(),
    [OCPI_HEADERS.CORRELATION_ID]: options.correlationId ?? randomUUID(),
  };
  if (CONFIGURATION_MODULES.has(options.module)) return headers;
  Object.assign(headers, partyHeaders('from', options.from));
  if (options.to) Object.assign(headers, partyHeaders('to', options.to));
  return headers;
}

export interface ResponseHeaderOptions {
  /** The module answering (see RequestHeaderOptions.module). */
  module: string;
  /** Us: the party answering, used as FROM when the request named no TO (Open Routing Request). */
  self?: OcpiParty;
}

/**
 * Headers for our response to a 2.2.1 request: X-Request-ID and
 * X-Correlation-ID echoed (new ones if the request had none), and the routing
 * parties swapped — the response goes TO the request's FROM, FROM the
 * request's TO (transport_and_format, "Overview of required/optional routing
 * headers"). None on configuration modules.
 */
export function buildResponseHeaders(requestHeaders: IncomingHeaders, options: ResponseHeaderOptions): Record<string, string> {
  const { from, to } = parseRoutingHeaders(requestHeaders);
  const headers: Record<string, string> = {
    [OCPI_HEADERS.REQUEST_ID]: headerValue(requestHeaders, OCPI_HEADERS.REQUEST_ID) ?? randomUUID(),
    [OCPI_HEADERS.CORRELATION_ID]: headerValue(requestHeaders, OCPI_HEADERS.CORRELATION_ID) ?? randomUUID(),
  };
  if (CONFIGURATION_MODULES.has(options.module)) return headers;
  const responseFrom = to ?? options.self;
  if (responseFrom) Object.assign(headers, partyHeaders('from', responseFrom));
  if (from) Object.assign(headers, partyHeaders('to', from));
  return headers;
}

/** The FROM and TO parties of a request's routing headers; a party is left out when its headers are missing or malformed. */
export function parseRoutingHeaders(headers: IncomingHeaders): { from?: OcpiParty; to?: OcpiParty } {
  const party = (side: 'from' | 'to'): OcpiParty | undefined => {
    const country_code = headerValue(headers, `OCPI-${side}-country-code`);
    const party_id = headerValue(headers, `OCPI-${side}-party-id`);
    const valid = country_code !== undefined && party_id !== undefined && FORMATS.countryCode.regex.test(country_code) && FORMATS.partyId.regex.test(party_id);
    return valid ? { country_code, party_id } : undefined;
  };
  return { from: party('from'), to: party('to') };
}

function partyHeaders(side: 'from' | 'to', party: OcpiParty): Record<string, string> {
  return side === 'from'
    ? { [OCPI_HEADERS.FROM_COUNTRY_CODE]: party.country_code, [OCPI_HEADERS.FROM_PARTY_ID]: party.party_id }
    : { [OCPI_HEADERS.TO_COUNTRY_CODE]: party.country_code, [OCPI_HEADERS.TO_PARTY_ID]: party.party_id };
}

/** A header's single value, whatever the case of its name; empty counts as absent. */
function headerValue(headers: IncomingHeaders, name: string): string | undefined {
  const wanted = name.toLowerCase();
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === wanted);
  const value = key === undefined ? undefined : headers[key];
  const single = Array.isArray(value) ? value[0] : value;
  return single === undefined || single.trim() === '' ? undefined : single.trim();
}
