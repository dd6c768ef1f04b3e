/** OCPI response status codes (status_codes.md / .asciidoc). 2004 and 4xxx exist in 2.2.1 only. */
export enum OcpiStatusCode {
  SUCCESS = 1000,
  CLIENT_ERROR = 2000,
  /** Also: a 2.2.1 PATCH without last_updated, or a body ID that differs from the URL's. */
  INVALID_OR_MISSING_PARAMETERS = 2001,
  NOT_ENOUGH_INFORMATION = 2002,
  UNKNOWN_LOCATION = 2003,
  UNKNOWN_TOKEN = 2004,
  SERVER_ERROR = 3000,
  /** During registration: the server could not call the client's API. */
  UNABLE_TO_USE_CLIENT_API = 3001,
  UNSUPPORTED_VERSION = 3002,
  NO_MATCHING_ENDPOINTS = 3003,
  HUB_ERROR = 4000,
  /** The TO party is unknown to the Hub. */
  HUB_UNKNOWN_RECEIVER = 4001,
  HUB_TIMEOUT = 4002,
  HUB_CONNECTION_PROBLEM = 4003,
}

/** The class of a status code by its first digit; x9xx codes are custom codes of that class (2.2.1). */
export type OcpiStatusClass = 'success' | 'client-error' | 'server-error' | 'hub-error';

/** The class of an OCPI status code, or null for a number outside 1000–4999. */
export function ocpiStatusClass(statusCode: number): OcpiStatusClass | null {
  if (!Number.isInteger(statusCode) || statusCode < 1000 || statusCode > 4999) return null;
  return (['success', 'client-error', 'server-error', 'hub-error'] as const)[Math.floor(statusCode / 1000) - 1];
}
