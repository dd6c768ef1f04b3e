import 'reflect-metadata';
import { type LocationChangedV1, TOPICS } from '@app/messaging';
import { freeKafkaPort, freePort, pollUntil, startKafkaBroker, stopKafkaBroker, TcpProxy } from '@app/testing';
import { type Consumer, Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { location } from './location.fixture';
import { LocationsApiHarness, topicsCreated } from './locations-api.harness';

/**
 * The outbox relay when the broker applies a batch and its answer is lost: the
 * relay sends the same rows again, with new ones joined meanwhile. A producer
 * that kept its sequences after the failure would be refused for good
 * (OUT_OF_ORDER_SEQUENCE_NUMBER) or have a batch taken for a duplicate; every
 * committed edit must reach the topic. This run cannot tell that the answer it
 * lost was the produce's (the app's consumers lose theirs too), and it passed
 * on @platformatic/kafka 1.35.0 as well: charger-events' kafka-wire-faults is
 * the test that shows the 1.x loss; this one holds the relay to the recovery.
 */
describe('locations-api outbox relay with faults between it and Kafka', () => {
  let brokerPort: number;
  let proxy: TcpProxy;
  let api: LocationsApiHarness | undefined;
  let consumer: Consumer | undefined;
  const published: LocationChangedV1[] = [];

  beforeAll(async () => {
    brokerPort = await freeKafkaPort();
    proxy = await TcpProxy.start({ port: brokerPort }, await freePort());
    startKafkaBroker(brokerPort, { advertisedPort: proxy.port });
    const brokers = `127.0.0.1:${proxy.port}`;
    // One partition: the lost batch and the retry that carries more rows share it, as their sequences do.
    api = await LocationsApiHarness.start('relay_faults', { KAFKA_BROKERS: brokers, KAFKA_TOPIC_PARTITIONS: '1' });
    const kafka = new Kafka({ clientId: 'relay-faults-test', brokers: [brokers], logLevel: logLevel.NOTHING });
    await topicsCreated(kafka);
    consumer = kafka.consumer({ groupId: `relay-faults-${randomUUID()}`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.locations, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void published.push(JSON.parse(message.value!.toString())) });
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await api?.stop();
    await proxy?.close();
    stopKafkaBroker(brokerPort);
  });

  const publishedIds = () => new Set(published.map((m) => m.location_id));

  it('publishes every committed edit after a batch whose answer was lost', async () => {
    expect((await api!.admin('PUT', '/locations/R1', location('R1'))).status).toBe(201);
    await pollUntil(publishedIds, (ids) => ids.has('R1'), { what: 'R1 on the topic' });

    // The broker appends R2; its answer is lost, then the connections die and stay refused a while.
    proxy.set('toClient', { kind: 'blackhole' });
    const dropped = proxy.dropped.toClient;
    expect((await api!.admin('PUT', '/locations/R2', location('R2'))).status).toBe(201);
    await pollUntil(
      () => proxy.dropped.toClient,
      (bytes) => bytes > dropped,
      { what: 'the produce answer dropped', timeoutMs: 20_000 },
    );
    proxy.refuseNewConnections();
    proxy.resetAll();
    // R3 joins the outbox while the relay backs off: its retry carries more rows than the lost batch.
    expect((await api!.admin('PUT', '/locations/R3', location('R3'))).status).toBe(201);

    proxy.heal();
    await pollUntil(publishedIds, (ids) => ids.has('R2') && ids.has('R3'), { what: 'R2 and R3 on the topic', timeoutMs: 60_000 });
    const [{ count }] = (await api!.db.query('SELECT count(*)::int AS count FROM location_outbox')).rows as { count: number }[];
    expect(count).toBe(0);
  });
});
