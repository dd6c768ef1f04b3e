import { type LocationChangedV1, locationKey, type OcppBindingV1, TOPIC_SPECS, TOPICS } from '@app/messaging';
import { Kafka, logLevel } from 'kafkajs';

/**
 * A Locations topic message as locations-api publishes it: a Location of
 * FR/ABC with `evseCount` EVSEs `<id>-<n>`, bound to OCPP identities as given.
 * It is enough for charger-events to know the EVSEs; it is not a full GIREVE Location.
 */
export function locationChanged(id: string, evseCount: number, bindings: OcppBindingV1[] = []): LocationChangedV1 {
  const evses = Array.from({ length: evseCount }, (_, i) => ({ uid: `${id}-${i + 1}`, status: 'AVAILABLE' }));
  return { country_code: 'FR', party_id: 'ABC', location_id: id, change: 'upserted', location: { id, evses }, changed_at: new Date().toISOString(), ocpp_bindings: bindings };
}

/** Publishes Locations on the compacted Locations topic (creating the topics first, as the apps do). */
export async function publishLocations(brokers: string, changes: LocationChangedV1[]): Promise<void> {
  const kafka = new Kafka({ clientId: 'test-locations', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    await admin.createTopics({
      waitForLeaders: true,
      topics: TOPIC_SPECS.filter((spec) => !existing.has(spec.topic)).map((spec) => ({
        topic: spec.topic,
        numPartitions: 3,
        configEntries: spec.compacted ? [{ name: 'cleanup.policy', value: 'compact' }] : [],
      })),
    });
  } finally {
    await admin.disconnect();
  }
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({ topic: TOPICS.locations, acks: -1, messages: changes.map((change) => ({ key: locationKey(change), value: JSON.stringify(change) })) });
  } finally {
    await producer.disconnect();
  }
}
