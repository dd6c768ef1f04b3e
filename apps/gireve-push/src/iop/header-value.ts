/** The single value of an HTTP header as undici gives it (string, list or absent). */
export function headerValue(header: string | string[] | undefined): string | undefined {
  return Array.isArray(header) ? header[0] : header;
}
