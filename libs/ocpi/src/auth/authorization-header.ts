import type { OcpiVersion } from '../common/ocpi-version';

/** OCPI credentials tokens: string(64), printable non-whitespace ASCII (2.2.1 credentials, §Credentials object). */
const TOKEN = /^[\x21-\x7E]{1,64}$/;
/** RFC 4648 §4 standard base64, padded. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export interface ParseAuthorizationOptions {
  /**
   * 2.2.1 only: also accept an un-encoded token. The spec admits many 2.2
   * implementations never encode; off by default.
   */
  acceptRawOn221?: boolean;
}

/**
 * The token in an `Authorization: Token …` header, or null when the header is
 * missing or malformed. 2.1.1 sends the token as is; 2.2.1 sends
 * base64(utf8(token)) — exactly one space after `Token`.
 */
export function parseAuthorizationHeader(header: string | undefined, version: OcpiVersion, options: ParseAuthorizationOptions = {}): string | null {
  if (header === undefined || !header.startsWith('Token ')) return null;
  const credential = header.slice('Token '.length);
  if (version === '2.1.1') return TOKEN.test(credential) ? credential : null;
  if (BASE64.test(credential) && credential.length > 0) {
    const decoded = Buffer.from(credential, 'base64').toString('utf8');
    if (TOKEN.test(decoded)) return decoded;
  }
  return options.acceptRawOn221 && TOKEN.test(credential) ? credential : null;
}

/** The `Authorization` header value for a token in the given OCPI version. */
export function formatAuthorizationHeader(token: string, version: OcpiVersion): string {
  return version === '2.1.1' ? `Token ${token}` : `Token ${Buffer.from(token, 'utf8').toString('base64')}`;
}
