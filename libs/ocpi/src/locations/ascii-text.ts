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
  return [...text]
    .map((character) => {
      const base = character.normalize('NFD').replace(/\p{M}/gu, '');
      if (base.length === 1 && PRINTABLE_ASCII.test(base)) return base;
      return LOOK_ALIKES[character] ?? '?';
    })
    .join('');
}

/** A copy of a JSON value with every string made ASCII (see toAsciiText). */
export function withAsciiText<T>(value: T): T {
  if (typeof value === 'string') return toAsciiText(value) as T;
  if (Array.isArray(value)) return value.map((element: unknown) => withAsciiText(element)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, withAsciiText(field)])) as T;
  }
  return value;
}
