/**
 * The "Kafka client alone" baseline of the ingest benchmark: kafkajs, the
 * client charger-events uses, producing keyed records with the app's producer
 * settings (idempotent, acks=all, one request in flight) as fast as it can, no
 * HTTP. `node dist/bench/kafkajs-producer-perf.js <brokers> <topic> <records> <record size> <per request>`
 * prints `{ "recordsPerSecond": n }`.
 */
import { Kafka, logLevel } from 'kafkajs';

async function main(): Promise<void> {
  const [brokers, topic, records, size, perRequest] = process.argv.slice(2);
  const producer = new Kafka({ clientId: 'bench-kafkajs-perf', brokers: [brokers!], logLevel: logLevel.NOTHING }).producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const value = 'x'.repeat(Number(size));
  const total = Number(records);
  const chunk = Number(perRequest);
  const startedAt = Date.now();
  for (let sent = 0; sent < total; sent += chunk) {
    // Keys like the app's (one per EVSE, cycling), with its correlation-id header.
    const messages = Array.from({ length: Math.min(chunk, total - sent) }, (_, i) => ({
      key: `FR/ABC/BENCH-L${String((sent + i) % 1000).padStart(4, '0')}/BENCH-L-${(sent + i) % 10}`,
      value,
      headers: { 'x-correlation-id': 'bench' },
    }));
    await producer.sendBatch({ acks: -1, topicMessages: [{ topic: topic!, messages }] });
  }
  const seconds = (Date.now() - startedAt) / 1000;
  await producer.disconnect();
  console.log(JSON.stringify({ recordsPerSecond: total / seconds }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
