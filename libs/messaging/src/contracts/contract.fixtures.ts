/** A valid message of each contract, for the specs. */

export const statusEvent = {
  event_id: '6f1c1f4e-5d0c-4b8e-9b7e-2f5d3c1a0b9e',
  country_code: 'FR',
  party_id: 'ABC',
  location_id: 'LOC1',
  evse_uid: 'EVSE1',
  status: 'CHARGING',
  event_time: '2026-11-23T10:00:00.000Z',
  received_at: '2026-11-23T10:00:00.100Z',
  source: 'ocpp16',
};

export const locationChange = {
  country_code: 'FR',
  party_id: 'ABC',
  location_id: 'LOC1',
  change: 'upserted',
  location: { id: 'LOC1', evses: [{ uid: 'EVSE1', status: 'AVAILABLE' }] },
  changed_at: '2026-11-23T10:00:00.000Z',
  revision: 3,
  ocpp_bindings: [
    { evse_uid: 'EVSE1', charge_point_id: 'CP-1', ocpp16_connector_id: 1 },
    { evse_uid: 'EVSE2', charge_point_id: 'CP-2', ocpp201_evse_id: 2 },
  ],
};

export const connectorMemory = {
  evse_key: 'FR/ABC/LOC1/EVSE1',
  own: { status: 'AVAILABLE', time: 1_700_000_000_000 },
  connectors: [
    { connector_id: 1, status: 'CHARGING', time: 1_700_000_000_001 },
    { connector_id: 2, status: 'AVAILABLE', time: 1_700_000_000_002 },
  ],
};
