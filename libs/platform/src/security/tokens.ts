import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Compares two secrets in constant time (hashing first so lengths never leak). */
export function tokensEqual(presented: string, expected: string): boolean {
  return timingSafeEqual(sha256(presented), sha256(expected));
}

/** How a token we only verify is stored: its SHA-256, hex. Tokens are high-entropy, so no slow KDF is needed. */
export function hashToken(token: string): string {
  return sha256(token).toString('hex');
}

/** hashToken's bytes: what a presented token is compared with (timingSafeEqual) against the stored hashes. */
export function tokenDigest(token: string): Buffer {
  return sha256(token);
}

/** A new random token: 32 bytes, base64url (43 printable characters, within OCPI's string(64)). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

// One-shot: 1.6× createHash's speed on a token (0.67 against 1.07 µs, measured on Node 24), and the ingest
// guard hashes the key of every request.
function sha256(value: string): Buffer {
  return hash('sha256', value, 'buffer');
}
