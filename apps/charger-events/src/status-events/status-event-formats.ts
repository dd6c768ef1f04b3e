import type { StringFormat } from '@app/ocpi';

/** ISO 8601 date-time with a zone (Z or ±hh:mm), as OCPP 1.6 and 2.0.1 send them. */
export const ZONED_DATE_TIME: StringFormat = {
  regex: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/,
  maxLength: 40,
  description: 'must be an ISO 8601 date-time with a zone, e.g. 2026-11-23T10:00:00Z or 2026-11-23T11:00:00.250+01:00',
};

/** The enum shape the OCPI validators take, from a list of values. */
export function enumOf(values: readonly string[]): Record<string, string> {
  return Object.fromEntries(values.map((value) => [value, value]));
}
