/** The URL fields of a Credentials object: its versions URL and, in its BusinessDetails, `website` and the logo's `url` and `thumbnail`. */
const URL_FIELDS = new Set(['url', 'website', 'thumbnail']);

/**
 * A copy of a Credentials body whose URL fields lose the spaces around them.
 * GIREVE's own example POST credentials (G1 cpo_registration.md, 4.3) sends
 * its logo as `" http://…"`: refusing that would refuse GIREVE's registration.
 */
export function trimUrls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(trimUrls);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, URL_FIELDS.has(key) && typeof field === 'string' ? field.trim() : trimUrls(field)]));
}
