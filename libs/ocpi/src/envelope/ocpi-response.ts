import { formatOcpiDateTime } from '../common/ocpi-datetime';
import { OcpiStatusCode } from './ocpi-status-code';

/** The envelope every OCPI response carries, in both versions. */
export interface OcpiResponse<T = unknown> {
  data?: T;
  status_code: number;
  status_message?: string;
  timestamp: string;
}

export function ocpiSuccess<T>(data?: T, now: Date = new Date()): OcpiResponse<T> {
  const response: OcpiResponse<T> = { status_code: OcpiStatusCode.SUCCESS, status_message: 'Success', timestamp: formatOcpiDateTime(now) };
  if (data !== undefined) response.data = data;
  return response;
}

export function ocpiError(statusCode: OcpiStatusCode, message: string, now: Date = new Date()): OcpiResponse<never> {
  return { status_code: statusCode, status_message: message, timestamp: formatOcpiDateTime(now) };
}
