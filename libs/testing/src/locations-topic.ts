import { type LocationChangedV1, locationKey, type OcppBindingV1, TOPICS } from '@app/messaging';
import { Kafka, logLevel } from 'kafkajs';
import { createTopics } from './kafka-topics';

/**
 * A Locations topic message as locations-api publishes it: a Location of
 * FR/ABC valid for OCPI 2.2.1 and GIREVE's profile, with `evseCount` EVSEs
 * `<id>-<n>` (one Type 2 connector each), bound to OCPP identities as given.
 */
export function locationChanged(id: string, evseCount: number, bindings: OcppBindingV1[] = []): LocationChangedV1 {
  const stamp = '2026-01-01T00:00:00Z';
  const evses = Array.from({ length: evseCount }, (_, i) => ({
    uid: `${id}-${i + 1}`,
    evse_id: `FR*ABC*E${id.replace(/[^A-Za-z0-9]/g, '').slice(0, 20)}*${i + 1}`,
    status: 'AVAILABLE',
    capabilities: ['RFID_READER', 'REMOTE_START_STOP_CAPABLE'],
    connectors: [{ id: '1', standard: 'IEC_62196_T2', format: 'SOCKET', power_type: 'AC_3_PHASE', max_voltage: 230, max_amperage: 32, tariff_ids: ['AC-STANDARD'], last_updated: stamp }],
    last_updated: stamp,
  }));
  const location = {
    country_code: 'FR',
    party_id: 'ABC',
    id,
    publish: true,
    name: `Station ${id}`,
    address: '1 rue de la Gare',
    city: 'Paris',
    postal_code: '75012',
    country: 'FRA',
    coordinates: { latitude: '48.844000', longitude: '2.374000' },
    parking_type: 'ON_STREET',
    time_zone: 'Europe/Paris',
    operator: { name: 'Example CPO' },
    owner: { name: 'Example CPO' },
    evses,
    last_updated: stamp,
  };
  return { country_code: 'FR', party_id: 'ABC', location_id: id, change: 'upserted', location, changed_at: new Date().toISOString(), ocpp_bindings: bindings };
}

/**
 * Publishes Locations on the compacted Locations topic, creating the topics
 * first as the apps do, with `partitions`: the apps' KAFKA_TOPIC_PARTITIONS
 * must say the same, or their readiness reports the difference.
 */
export async function publishLocations(brokers: string, changes: LocationChangedV1[], { partitions = 3 } = {}): Promise<void> {
  await createTopics(brokers, { partitions });
  const kafka = new Kafka({ clientId: 'test-locations', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({ topic: TOPICS.locations, acks: -1, messages: changes.map((change) => ({ key: locationKey(change), value: JSON.stringify(change) })) });
  } finally {
    await producer.disconnect();
  }
}
