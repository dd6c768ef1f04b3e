/**
 * OCPI DateTime as emitted by this connector: UTC, whole seconds, with `Z`.
 * Valid in 2.1.1 (string(25), ISO 8601) and 2.2.1 (RFC 3339 subset).
 */
export function formatOcpiDateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
