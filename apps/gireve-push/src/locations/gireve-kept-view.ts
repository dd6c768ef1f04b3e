import { list, type OcpiObject } from './location-push-plan';

/**
 * The part of a Location GIREVE keeps as we send it, in either OCPI version:
 * each EVSE (by uid) with its evse_id, its status and the tariff ids of its
 * FIRST connector, which GIREVE applies to the whole EVSE and ignores the
 * others' (GIREVE guides, cpo_tariffs.md). Everything else is static data
 * GIREVE rewrites through its quality process (names, coordinates, gireve_id…):
 * a difference there is no reason to PUT again, which would restart that
 * process.
 */
export function gireveKeptView(location: OcpiObject): OcpiObject {
  return {
    evses: list(location.evses).map((evse) => {
      const [first] = list(evse.connectors);
      return { uid: evse.uid, evse_id: evse.evse_id, status: evse.status, tariff_ids: tariffIdsOf(first) };
    }),
  };
}

/** 2.2.1 tariff_ids, or 2.1.1's single tariff_id, as a sorted list: their order changes nothing. */
function tariffIdsOf(connector: OcpiObject | undefined): string[] {
  const ids = Array.isArray(connector?.tariff_ids) ? connector.tariff_ids : typeof connector?.tariff_id === 'string' ? [connector.tariff_id] : [];
  return ids.map(String).sort();
}
