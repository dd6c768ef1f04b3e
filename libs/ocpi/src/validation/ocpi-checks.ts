import type { OcpiVersion } from '../common/ocpi-version';
import { isOcpiDateTime } from '../common/ocpi-datetime';

/**
 * A check looks at one present value (never undefined or null: cardinality is
 * decided by the decorators) and returns null when it is acceptable, otherwise
 * the reason. Reasons never quote the value, so error lists stay short and
 * never echo untrusted input.
 */
export type Check = (value: unknown, object: Record<string, unknown>) => string | null;

const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;
/** 2.2.1 string: "printable UTF-8", no CR, LF, TAB…: no control characters, no lone surrogates (not UTF-8), no line/paragraph separators. */
const NON_PRINTABLE_UNICODE = /[\p{Cc}\p{Cs}\u2028\u2029]/u;
/** RFC 3986 absolute URI: scheme ":" then only URI characters (no spaces, no non-ASCII). */
const ABSOLUTE_URL = /^[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `*` lists: absent, null and [] all mean "none" (terminology, cardinality `*`). */
export function isAbsentOrEmpty(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

/** OCPI `string(n)`: 2.1.1 printable ASCII; 2.2.1 printable UTF-8 (types, "string"). Length counts characters (code points). */
export function ocpiString(version: OcpiVersion, maxLength: number, options: { nonEmpty?: boolean } = {}): Check {
  return (value) => {
    if (typeof value !== 'string') return 'must be a string';
    if (!PRINTABLE_ASCII.test(value)) {
      if (version === '2.1.1') return 'must contain only printable ASCII characters';
      if (NON_PRINTABLE_UNICODE.test(value)) return 'must not contain control characters (CR, LF, TAB…)';
    }
    return lengthReason(value, maxLength, options.nonEmpty);
  };
}

/** OCPI `CiString(n)`: printable ASCII in both versions, compared case-insensitively. */
export function ciString(maxLength: number, options: { nonEmpty?: boolean } = {}): Check {
  return (value) => {
    if (typeof value !== 'string') return 'must be a string';
    if (!PRINTABLE_ASCII.test(value)) return 'must contain only printable ASCII characters';
    return lengthReason(value, maxLength, options.nonEmpty);
  };
}

function lengthReason(value: string, maxLength: number, nonEmpty = false): string | null {
  if (nonEmpty && value.length === 0) return 'must not be empty';
  return exceedsLength(value, maxLength) ? `must be at most ${maxLength} characters long` : null;
}

/** Whether `value` has more than `maxLength` characters (code points; value.length counts UTF-16 units, never fewer). */
function exceedsLength(value: string, maxLength: number): boolean {
  if (value.length <= maxLength) return false;
  let characters = 0;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    // A high surrogate followed by a low one is a single character.
    if (code >= 0xd800 && code <= 0xdbff && index + 1 < value.length && (value.charCodeAt(index + 1) & 0xfc00) === 0xdc00) index++;
    if (++characters > maxLength) return true;
  }
  return false;
}

/** A string format: the spec's regexes (RegularHours) or a referenced standard (ISO codes). */
export interface StringFormat {
  regex: RegExp;
  maxLength: number;
  description: string;
}

export function matches({ regex, maxLength, description }: StringFormat): Check {
  return (value) => {
    if (typeof value !== 'string') return 'must be a string';
    if (value.length > maxLength) return `must be at most ${maxLength} characters long`;
    return regex.test(value) ? null : description;
  };
}

/** Formats of referenced standards, and of the spec's own regexes. */
export const FORMATS = {
  /** CiString(2), ISO 3166-1 alpha-2 (country_code, also in the OCPI-*-country-code headers). */
  countryCode: { regex: /^[A-Za-z]{2}$/, maxLength: 2, description: 'must be an ISO 3166-1 alpha-2 country code, e.g. FR' },
  /** CiString(3), ISO 15118 party ID: three letters or digits. */
  partyId: { regex: /^[A-Za-z0-9]{3}$/, maxLength: 3, description: 'must be a party ID of 3 letters or digits' },
  /** Location.country: string(3), ISO 3166-1 alpha-3, upper case. */
  country: { regex: /^[A-Z]{3}$/, maxLength: 3, description: 'must be an ISO 3166-1 alpha-3 country code, e.g. FRA' },
  /** DisplayText.language: string(2), ISO 639-1, lower case. */
  language: { regex: /^[a-z]{2}$/, maxLength: 2, description: 'must be an ISO 639-1 language code, e.g. fr' },
  /** Credentials token: string(64) of printable non-whitespace ASCII, U+0021–U+007E (2.2.1 credentials; 2.1.1 transport_and_format). */
  credentialsToken: { regex: /^[\x21-\x7E]+$/, maxLength: 64, description: 'must be 1 to 64 printable ASCII characters without spaces' },
  /** VersionNumber: 2.1.1, 2.2.1… (a partner may list versions newer than this library). */
  versionNumber: { regex: /^\d+\.\d+(?:\.\d+)?$/, maxLength: 10, description: 'must be a version number such as 2.2.1' },
  /** ModuleID: the spec's (locations…) or a custom one (e.g. nltnm-tokens). */
  moduleId: { regex: /^[\x21-\x7E]+$/, maxLength: 255, description: 'must be a module ID such as locations' },
  /** RegularHours.period_begin/end: string(5). */
  hourMinute: { regex: /^([0-1][0-9]|2[0-3]):[0-5][0-9]$/, maxLength: 5, description: 'must be a time HH:MM in 24h format, e.g. 08:00' },
} satisfies Record<string, StringFormat>;

/**
 * GeoLocation latitude/longitude. Both the string(n) length and the regex
 * apply: 7 decimals on a negative two-digit latitude is 11 characters, which
 * the 2.2.1 regex allows but string(10) does not. The range (±90/±180) is
 * implied by "decimal degree".
 */
export function coordinate(decimals: string, axis: 'latitude' | 'longitude'): Check {
  const [integerDigits, maxLength, limit] = axis === 'latitude' ? [2, 10, 90] : [3, 11, 180];
  const regex = new RegExp(`^-?[0-9]{1,${integerDigits}}\\.[0-9]{${decimals}}$`);
  return (value) => {
    if (typeof value !== 'string') return 'must be a string';
    if (value.length > maxLength) return `must be at most ${maxLength} characters long`;
    if (!regex.test(value)) return `must be a decimal degree with ${decimals.replace(',', ' to ')} decimals, e.g. ${axis === 'latitude' ? '50.770774' : '-126.104965'}`;
    return Math.abs(Number(value)) <= limit ? null : `must be between -${limit} and ${limit}`;
  };
}

/** DisplayText.text: "No markup, html etc. allowed". */
export function noMarkup(): Check {
  return (value) => (typeof value === 'string' && /<[A-Za-z/!?]/.test(value) ? 'must not contain markup' : null);
}

/** RegularHours.period_end "must be later than period_begin"; compared only when both are valid HH:MM (then text order is time order). */
export function laterThan(field: string): Check {
  const { regex } = FORMATS.hourMinute;
  return (value, object) => {
    const begin = object[field];
    const comparable = typeof value === 'string' && typeof begin === 'string' && regex.test(value) && regex.test(begin);
    return comparable && value <= begin ? `must be later than ${field}` : null;
  };
}

/** OCPI DateTime of that version (see ocpi-datetime.ts). */
export function dateTime(version: OcpiVersion): Check {
  return (value) => (isOcpiDateTime(value, version) ? null : `must be an OCPI ${version} DateTime in UTC without offset, e.g. 2015-06-29T20:39:09Z`);
}

/** OCPI `URL`: string(255) following the w3.org URI spec, i.e. an absolute URI. */
export function url(): Check {
  return (value) => (typeof value === 'string' && value.length <= 255 && ABSOLUTE_URL.test(value) ? null : 'must be an absolute URL of at most 255 characters');
}

/** OCPI `int`: a JSON number without fraction; `int(n)` also limits the digits (given here as min/max). */
export function int(range: { min?: number; max?: number } = {}): Check {
  return (value) => (Number.isInteger(value) ? rangeReason(value as number, range) : 'must be an integer');
}

/** OCPI `number`: any finite JSON number. */
export function number(range: { min?: number; max?: number } = {}): Check {
  return (value) => (typeof value === 'number' && Number.isFinite(value) ? rangeReason(value, range) : 'must be a number');
}

function rangeReason(value: number, { min, max }: { min?: number; max?: number }): string | null {
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
    if (max === undefined) return `must be at least ${min}`;
    return min === undefined ? `must be at most ${max}` : `must be between ${min} and ${max}`;
  }
  return null;
}

export function boolean(): Check {
  return (value) => (typeof value === 'boolean' ? null : 'must be a boolean');
}

/** One value of an OCPI enum. Enum values are case-sensitive (e.g. `IEC_60309_2_single_16`). */
export function oneOf(values: readonly string[]): Check {
  const allowed = new Set(values);
  const reason = `must be one of ${values.join(', ')}`;
  return (value) => (typeof value === 'string' && allowed.has(value) ? null : reason);
}

/** Location.time_zone: "one of IANA tzdata's TZ-values", e.g. Europe/Paris. Known-good names are cached (Intl is slow). */
export function timeZone(): Check {
  const known = new Set<string>();
  return (value) => {
    if (typeof value === 'string' && (known.has(value) || isIanaTimeZone(value))) {
      if (known.size < 1000) known.add(value);
      return null;
    }
    return 'must be an IANA time zone name, e.g. Europe/Paris';
  };
}

const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;

function isIanaTimeZone(value: string): boolean {
  if (value.length > 255 || !IANA_NAME.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/**
 * No two elements share the same `keys` (compared case-insensitively, as
 * CiStrings), e.g. Credentials roles. Reported on the later element.
 */
export function uniqueBy(keys: readonly string[]): Check {
  return (value) => {
    if (!Array.isArray(value)) return null;
    const firstIndex = new Map<string, number>();
    const reasons: string[] = [];
    value.forEach((element: unknown, index) => {
      if (!isPlainObject(element)) return;
      const key = JSON.stringify(keys.map((field) => String(element[field]).toUpperCase()));
      const first = firstIndex.get(key);
      if (first === undefined) firstIndex.set(key, index);
      else reasons.push(`[${index}] repeats the ${keys.join(', ')} of [${first}]`);
    });
    return reasons.length === 0 ? null : reasons.join('\n');
  };
}

/**
 * Applies `check` to every element of a list. The reason names each bad
 * element as `[i] reason`, one per line; the error flattening turns those
 * into paths (`capabilities[2]`). Non-lists pass: the list rule reports them.
 */
export function eachElement(check: Check): Check {
  return (value, object) => {
    if (!Array.isArray(value)) return null;
    let reasons: string | null = null;
    for (let index = 0; index < value.length; index++) {
      const element: unknown = value[index];
      const reason = element === undefined || element === null ? 'must not be null' : check(element, object);
      if (reason !== null) reasons = `${reasons === null ? '' : `${reasons}\n`}[${index}] ${reason}`;
    }
    return reasons;
  };
}
