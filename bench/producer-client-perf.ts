/**
 * The "Kafka client alone" baselines of the ingest benchmark: keyed records
 * of a given size produced as fast as one client can, one request in flight,
 * idempotent, acks=all, no HTTP.
 * `node dist/bench/producer-client-perf.js app|kafkajs <brokers> <topic> <records> <record size> <per request>`
 * prints `{ "recordsPerSecond": n }`:
 * - app: the producer client charger-events uses (libs/messaging, @platformatic/kafka);
 * - kafkajs: kafkajs with the same settings, the client it used before.
 */
import type { TopicMessages } from '@app/messaging';
import { createProducerClient } from '@app/messaging/kafka/kafka-producer.client';
import { Kafka, logLevel } from 'kafkajs';

type Send = (publishes: TopicMessages[]) => Promise<void>;

async function connect(client: string, brokers: string): Promise<{ send: Send; close: () => Promise<void> }> {
  if (client === 'app') return createProducerClient({ clientId: 'bench-producer-client', brokers: [brokers], topicPartitions: 12 });
  const producer = new Kafka({ clientId: 'bench-kafkajs', brokers: [brokers], logLevel: logLevel.NOTHING }).producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  return {
    send: async ([{ topic, messages }]) => {
      await producer.send({ acks: -1, topic, messages });
    },
    close: () => producer.disconnect(),
  };
}

async function main(): Promise<void> {
  const [client, brokers, topic, records, size, perRequest] = process.argv.slice(2);
  const producer = await connect(client!, brokers!);
  const value = 'x'.repeat(Number(size));
  const total = Number(records);
  const chunk = Number(perRequest);
  const startedAt = Date.now();
  for (let sent = 0; sent < total; sent += chunk) {
    // Keys like the app's (one per EVSE, cycling), with a correlation-id header shared by a request's records, as the app's.
    const headers = { 'x-correlation-id': `bench-${sent}` };
    const messages = Array.from({ length: Math.min(chunk, total - sent) }, (_, i) => ({
      key: `FR/ABC/BENCH-L${String((sent + i) % 1000).padStart(4, '0')}/BENCH-L-${(sent + i) % 10}`,
      value,
      headers,
    }));
    await producer.send([{ topic: topic!, messages }]);
  }
  const seconds = (Date.now() - startedAt) / 1000;
  await producer.close();
  console.log(JSON.stringify({ recordsPerSecond: total / seconds }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
