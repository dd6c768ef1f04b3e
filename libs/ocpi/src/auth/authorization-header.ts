import type { OcpiVersion } from '../common/ocpi-version';
import { FORMATS } from '../validation/ocpi-checks';

/** RFC 4648 §4 standard base64, padded. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})+$|^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)$/;
const PREFIX = 'Token ';

export interface ParseAuthorizationOptions {
  /**
   * 2.2.1 only: when the credential is not the base64 of a valid token, also
   * accept it as a raw token. The spec admits that many 2.1.1 and 2.2
   * implementations never encode (transport_and_format, "Authorization
   * header"); use it per partner. Off by default. A raw token that happens to
   * be the base64 of a valid token is read decoded: look both up if that matters.
   */
  acceptRawOn221?: boolean;
}

/** Credentials tokens: string(64), printable non-whitespace ASCII (U+0021–U+007E). */
export function isCredentialsToken(value: string): boolean {
  return value.length <= FORMATS.credentialsToken.maxLength && FORMATS.credentialsToken.regex.test(value);
}

/**
 * The token in an `Authorization: Token …` header, or null when the header is
 * missing or malformed. 2.1.1 sends the token as is; 2.2.1 sends
 * base64(utf8(token)), exactly one space after `Token`. Invalid base64, or
 * base64 that does not decode to a valid token, is refused — as is the spec's
 * own example `ZXhhbXBsZS10b2tlbgo=`, which decodes to "example-token\n".
 */
export function parseAuthorizationHeader(header: string | undefined, version: OcpiVersion, options: ParseAuthorizationOptions = {}): string | null {
  if (header === undefined || !header.startsWith(PREFIX)) return null;
  const credential = header.slice(PREFIX.length);
  if (version === '2.1.1') return isCredentialsToken(credential) ? credential : null;
  const decoded = decodeBase64Token(credential);
  if (decoded !== null) return decoded;
  return options.acceptRawOn221 && isCredentialsToken(credential) ? credential : null;
}

/** The `Authorization` header value for a token in the given OCPI version. */
export function formatAuthorizationHeader(token: string, version: OcpiVersion): string {
  return version === '2.1.1' ? `${PREFIX}${token}` : `${PREFIX}${Buffer.from(token, 'utf8').toString('base64')}`;
}

function decodeBase64Token(credential: string): string | null {
  if (!BASE64.test(credential)) return null;
  const decoded = Buffer.from(credential, 'base64').toString('utf8');
  // Re-encoding must give the same text: rejects stray bits in the last character and bytes that are not UTF-8.
  return isCredentialsToken(decoded) && Buffer.from(decoded, 'utf8').toString('base64') === credential ? decoded : null;
}
