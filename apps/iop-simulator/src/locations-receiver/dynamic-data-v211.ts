import type { LocationLevel } from '@app/ocpi';

type OcpiObject = Record<string, unknown>;

/**
 * What GIREVE keeps of a 2.1.1 PUT or PATCH to its Locations receiver: EVSE
 * `status` and Connector `tariff_id`, with the ids that place them. It
 * answers the call, but static data is not stored: it comes from its own pull
 * of the CPO's Sender (G1 cpo_locations.md, "the eMSP interface is not fully
 * implemented by IOP for the push of static attributes").
 */
export function dynamicDataV211(level: LocationLevel, body: OcpiObject): OcpiObject {
  if (level === 'connector') return pick(body, ['id', 'tariff_id']);
  if (level === 'evse') return { ...pick(body, ['uid', 'status']), ...listOf(body, 'connectors', (connector) => dynamicDataV211('connector', connector)) };
  return { ...pick(body, ['id']), ...listOf(body, 'evses', (evse) => dynamicDataV211('evse', evse)) };
}

function pick(object: OcpiObject, fields: string[]): OcpiObject {
  return Object.fromEntries(fields.filter((field) => object[field] !== undefined).map((field) => [field, object[field]]));
}

/** The field's list with each item reduced, when the body has one (a PATCH may not). */
function listOf(object: OcpiObject, field: string, reduce: (item: OcpiObject) => OcpiObject): OcpiObject {
  const list = object[field];
  return Array.isArray(list) ? { [field]: list.map((item) => reduce((item ?? {}) as OcpiObject)) } : {};
}
