import type { LocationChangedV1, OcppBindingV1 } from '@app/messaging';

/** A Locations topic message for tests: a Location of party FR/ABC with these EVSEs and OCPP bindings. */
export function locationChange(id: string, evses: { uid: string; status?: string }[], bindings: OcppBindingV1[] = []): LocationChangedV1 {
  return {
    country_code: 'FR',
    party_id: 'ABC',
    location_id: id,
    change: 'upserted',
    location: { id, evses: evses.map((evse) => ({ status: 'AVAILABLE', ...evse })) },
    changed_at: '2026-11-23T10:00:00Z',
    ocpp_bindings: bindings,
  };
}
