import type { LocationError } from '../location-store/ocpi-location-format';
import type { StoredLocation } from '../location-store/stored-location';

/** Something GIREVE will not take as sent: the Location is kept, the CPO is told. */
export interface LocationWarning extends LocationError {
  evse_uid: string;
}

/**
 * EVSEs whose connectors carry different tariff_ids. GIREVE attaches tariffs
 * to the EVSE: it keeps the first connector's tariff_ids and ignores the
 * others' (GIREVE OCPI 2.2.1 guide, cpo_tariffs.md "Tariffs are attached to
 * the EVSE level"). Valid OCPI, so a warning, not a refusal; compared as sets,
 * since order does not change which tariffs apply.
 */
export function tariffWarnings(location: StoredLocation): LocationWarning[] {
  return (location.evses ?? []).flatMap((evse, index) => {
    const [first, ...others] = evse.connectors.map((connector) => tariffKey(connector.tariff_ids));
    if (others.every((key) => key === first)) return [];
    return [{ path: `evses[${index}].connectors`, evse_uid: evse.uid, reason: "connectors have different tariff_ids: GIREVE keeps only the first connector's for the whole EVSE" }];
  });
}

function tariffKey(tariffIds: unknown): string {
  const ids = Array.isArray(tariffIds) ? tariffIds.map((id) => String(id).toLowerCase()) : [];
  return JSON.stringify([...new Set(ids)].sort());
}
