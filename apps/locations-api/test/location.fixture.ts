/** A valid OCPI 2.2.1 Location under the GIREVE profile, for CPO FR/ABC (eMI3 operator FR*ABC). */
export function location(id: string, { evses = 1, publish = true }: { evses?: number; publish?: boolean } = {}): Record<string, unknown> {
  return {
    country_code: 'FR',
    party_id: 'ABC',
    id,
    publish,
    name: `Station ${id}`,
    address: '1 rue de la Gare',
    city: 'Paris',
    postal_code: '75012',
    country: 'FRA',
    coordinates: { latitude: '48.844000', longitude: '2.374000' },
    parking_type: 'ON_STREET',
    time_zone: 'Europe/Paris',
    operator: { name: 'Example CPO' },
    owner: { name: 'Ville de Paris' },
    evses: Array.from({ length: evses }, (_, i) => evse(`${id}-${i + 1}`, `FR*ABC*E${id.replace(/[^A-Za-z0-9]/g, '')}*${i + 1}`)),
  };
}

export function evse(uid: string, evseId: string): Record<string, unknown> {
  return {
    uid,
    evse_id: evseId,
    status: 'AVAILABLE',
    capabilities: ['RFID_READER', 'REMOTE_START_STOP_CAPABLE'],
    connectors: [
      { id: '1', standard: 'IEC_62196_T2', format: 'SOCKET', power_type: 'AC_3_PHASE', max_voltage: 230, max_amperage: 32, tariff_ids: ['AC-STANDARD'] },
      { id: '2', standard: 'IEC_62196_T2_COMBO', format: 'CABLE', power_type: 'DC', max_voltage: 400, max_amperage: 125, tariff_ids: ['DC-FAST'] },
    ],
  };
}
