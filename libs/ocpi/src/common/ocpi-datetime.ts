import type { OcpiVersion } from './ocpi-version';

/**
 * OCPI DateTime as emitted by this connector: UTC, whole seconds, with `Z`.
 * Valid in 2.1.1 (string(25), ISO 8601) and 2.2.1 (RFC 3339 subset).
 */
export function formatOcpiDateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The DateTime shapes each version accepts (types.md §1.2 / types.asciidoc "DateTime"):
 * always UTC, `Z` optional (absent means UTC), never an offset — the spec notes
 * that `+00:00` is not the same as UTC; at most 25 characters.
 * - 2.2.1 lists the only allowed patterns: `YYYY-MM-DDThh:mm:ss`, optional
 *   `.fraction`, optional `Z`.
 * - 2.1.1 defers to ISO 8601's extended combined format, which also allows
 *   minute precision (`…T20:39Z`) and a comma as decimal sign (`…09,5Z`).
 */
const SHAPES: Record<OcpiVersion, RegExp> = {
  '2.1.1': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?Z?$/,
  '2.2.1': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z?$/,
};
const MAX_LENGTH = 25;

/** Whether `value` is a valid DateTime of that version. */
export function isOcpiDateTime(value: unknown, version: OcpiVersion): value is string {
  return typeof value === 'string' && value.length <= MAX_LENGTH && SHAPES[version].test(value) && fieldsInRange(value);
}

/** The instant an OCPI DateTime denotes, or null when it is not a valid DateTime of that version. */
export function parseOcpiDateTime(value: unknown, version: OcpiVersion): Date | null {
  if (!isOcpiDateTime(value, version)) return null;
  const fractionEnd = value.endsWith('Z') ? value.length - 1 : value.length;
  const milliseconds = fractionEnd > 20 ? Math.floor(Number(`0.${value.slice(20, fractionEnd)}`) * 1000) : 0;
  // setUTCFullYear, unlike Date.UTC, keeps years 0–99 as they are.
  const date = new Date(0);
  date.setUTCFullYear(digitsAt(value, 0, 4), digitsAt(value, 5, 7) - 1, digitsAt(value, 8, 10));
  date.setUTCHours(digitsAt(value, 11, 13), digitsAt(value, 14, 16), secondOf(value), milliseconds);
  return date;
}

/** The shape is known (SHAPES): the numbers sit at fixed positions. Leap seconds (60) cannot be a JS Date and are refused. */
function fieldsInRange(value: string): boolean {
  const [year, month, day] = [digitsAt(value, 0, 4), digitsAt(value, 5, 7), digitsAt(value, 8, 10)];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  return digitsAt(value, 11, 13) <= 23 && digitsAt(value, 14, 16) <= 59 && secondOf(value) <= 59;
}

function secondOf(value: string): number {
  return value[16] === ':' ? digitsAt(value, 17, 19) : 0;
}

/** The number written by the digits value[from…to), read without a substring (hot path). */
function digitsAt(value: string, from: number, to: number): number {
  let result = 0;
  for (let index = from; index < to; index++) result = result * 10 + value.charCodeAt(index) - 48;
  return result;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
