/**
 * 2.1.1 strings are printable ASCII (types.md §1.5); 2.2.1 strings are UTF-8.
 * Text going from 2.2.1 to 2.1.1 keeps its letters without their accents
 * (É → E), typographic punctuation becomes its ASCII look-alike, anything
 * else becomes `?`. One character in, at most one out: lengths never grow.
 */
const LOOK_ALIKES: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u00AB': '"',
  '\u00BB': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\u00A0': ' ',
  '\u202F': ' ',
};

const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;

export function toAsciiText(text: string): string {
  if (PRINTABLE_ASCII.test(text)) return text;
  let ascii = '';
  // Only the other characters are decomposed: normalize() on every one of them was a tenth of a 2.1.1 view's CPU (profiled).
  for (const character of text) ascii += character >= ' ' && character <= '~' ? character : asciiLookAlike(character);
  return ascii;
}

function asciiLookAlike(character: string): string {
  const base = character.normalize('NFD').replace(/\p{M}/gu, '');
  if (base.length === 1 && PRINTABLE_ASCII.test(base)) return base;
  return LOOK_ALIKES[character] ?? '?';
}

/**
 * The JSON value with every string made ASCII (see toAsciiText), copied only
 * where a string changes: what is already ASCII is the input itself, shared,
 * so a view built with it is read, never mutated. Every 2.1.1 view (import
 * check, 2.1.1 pull) goes through here, and most of a Location is ASCII: a
 * whole copy was a fifth of the view's CPU (profiled). Plain loops, not
 * Object.entries and Object.fromEntries (2.8× slower on Node 24).
 */
export function withAsciiText<T>(value: T): T {
  if (typeof value === 'string') return toAsciiText(value) as T;
  if (Array.isArray(value)) return asciiArray(value) as T;
  if (typeof value === 'object' && value !== null) return asciiObject(value as Record<string, unknown>) as T;
  return value;
}

function asciiArray(array: unknown[]): unknown[] {
  let copy: unknown[] | undefined;
  for (let i = 0; i < array.length; i++) {
    const element = withAsciiText(array[i]);
    if (element === array[i]) continue;
    copy ??= array.slice();
    copy[i] = element;
  }
  return copy ?? array;
}

function asciiObject(object: Record<string, unknown>): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(object)) {
    const field = withAsciiText(object[key]);
    if (field === object[key]) continue;
    copy ??= { ...object };
    // A JSON key "__proto__" is a field like any other: assigned, it would set the copy's prototype.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: field, enumerable: true, writable: true, configurable: true });
    else copy[key] = field;
  }
  return copy ?? object;
}
