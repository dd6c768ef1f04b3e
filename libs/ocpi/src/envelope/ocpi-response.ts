import { formatOcpiDateTime } from '../common/ocpi-datetime';
import { OcpiStatusCode } from './ocpi-status-code';

/** The envelope every OCPI response carries, in both versions (transport_and_format, "Response format"). */
export interface OcpiResponse<T = unknown> {
  /** An array when the response cardinality is `*`/`+`, an object when `1`/`?`; unspecified with an error code. */
  data?: T;
  status_code: number;
  status_message?: string;
  timestamp: string;
}

/** The envelope of a list response (GET list, versions): data is always an array. */
export type OcpiListResponse<T> = OcpiResponse<T[]> & { data: T[] };

export function ocpiSuccess<T>(data?: T, now: Date = new Date()): OcpiResponse<T> {
  const response: OcpiResponse<T> = { status_code: OcpiStatusCode.SUCCESS, status_message: 'Success', timestamp: formatOcpiDateTime(now) };
  if (data !== undefined) response.data = data;
  return response;
}

/** A success carrying a list, `[]` included (an empty page is still a list). */
export function ocpiListSuccess<T>(items: readonly T[], now: Date = new Date()): OcpiListResponse<T> {
  return { data: [...items], status_code: OcpiStatusCode.SUCCESS, status_message: 'Success', timestamp: formatOcpiDateTime(now) };
}

export function ocpiError(statusCode: OcpiStatusCode, message: string, now: Date = new Date()): OcpiResponse<never> {
  return { status_code: statusCode, status_message: message, timestamp: formatOcpiDateTime(now) };
}
