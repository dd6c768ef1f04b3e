/**
 * The malformed input the fuzz draws from. Strings go inside JSON bodies (so
 * NUL and lone surrogates arrive as \u escapes); path segments and query
 * values are sent as raw, already percent-encoded text (the URL is not
 * normalised: `..` and invalid escapes reach the server as written).
 */

export const ODD_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  '\u202e\ufeff\u200b',
  '💥é中',
  '\r\n\t',
  '%00%ZZ',
  '../../etc/passwd',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '${jndi:x}',
  '__proto__',
  'constructor',
  '-1',
  '1e309',
  'NaN',
  'null',
  '2026-13-45T25:61:61Z',
  '9'.repeat(400),
  'x'.repeat(70_000),
];

export const ODD_JSON_VALUES: readonly unknown[] = [null, true, false, 0, -1, 1.5, -0, 1e308, Number.MAX_SAFE_INTEGER + 2, [], {}, [null], { a: {} }, ...ODD_STRINGS];

export const ODD_PATH_SEGMENTS: readonly string[] = [
  '%00',
  'a%00b',
  '%ED%A0%80', // a lone surrogate's UTF-8 form: invalid UTF-8
  '%FF%FE',
  '%',
  '%zz',
  '%2F',
  '%2e%2e',
  '..',
  '.',
  '%20',
  'a%0D%0Ab',
  '%F0%9F%92%A5',
  '-1',
  '0x10',
  '1e309',
  'null',
  '__proto__',
  'x'.repeat(5000),
  '%25'.repeat(300),
];

/** Whole query strings (without `?`): odd values, repeated and bracketed keys, keys without values. */
export const ODD_QUERY_PARTS: readonly string[] = ['%00', '%ED%A0%80', '%zz', '', '-1', '1.5', '1e309', '99999999999999999999999', 'x'.repeat(3000), 'true', '%5B%5D'];

export const ODD_QUERY_SHAPES: readonly ((key: string) => string)[] = [
  (key) => `${key}=1&${key}=2`,
  (key) => `${key}[]=1`,
  (key) => `${key}[a]=1`,
  (key) => key,
  (key) => `${key}=`,
  () => '=x',
  () => '&&&',
  () => '__proto__[x]=1',
  () => 'constructor[prototype][x]=1',
];

/** Bodies that are not JSON, or JSON the parser may choke on. */
export const BAD_JSON_BODIES: readonly Buffer[] = [
  '',
  '{',
  '{"a":1',
  '[1,2',
  '{"a":1}}',
  "{'a':1}",
  '{"a":01}',
  '{"a":1,}',
  'nul',
  '"unterminated',
  'NaN',
  '\ufeff{}',
  '{"a":"\\ud800"}',
  '{"__proto__":{"polluted":true}}',
  '{"a":1,"a":2}',
]
  .map((text) => Buffer.from(text))
  .concat([Buffer.from([0xff, 0xfe, 0x7b, 0x7d]), Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]), Buffer.from([0x00])]);

/** Content types a JSON route may be sent; mostly the right one. */
export const CONTENT_TYPES: readonly (string | undefined)[] = [
  'application/json',
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  undefined,
];

/** Header values a client may send (HTTP allows only visible Latin-1 here). */
export const ODD_HEADER_VALUES: readonly string[] = ['', ' ', 'x'.repeat(6000), 'Token', 'Token ', 'Token ÿþ', 'Bearer', 'Basic Og==', 'Token %00', '-1', '\u00e9\u00ff'];

/** `[[[…]]]` and `{"a":{"a":…}}`, `depth` levels deep. */
export function deeplyNested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}
