import 'reflect-metadata';
import { KAFKA_BATCH_TRANSPORT, KafkaBatchServer } from '@app/messaging';
import { pollUntil } from '@app/testing';
import { Controller, type INestApplication } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { type Batch, Kafka, logLevel } from 'kafkajs';

/**
 * The transport gireve-push's intake runs on (libs/messaging KafkaBatchServer),
 * against the real broker: a batch whose handler throws is delivered again and
 * never committed; one whose handler returns is committed.
 */
const TOPIC = `e2e.batch-transport.${randomUUID()}`;
const GROUP = `e2e-batch-transport-${randomUUID()}`;
const MESSAGES = 10;

/** What the handler does with the next batch; and every batch it was given (offsets of its messages). */
const probe = { fail: true, calls: [] as { offsets: string[]; failed: boolean }[] };

@Controller()
class ProbeController {
  @EventPattern<Record<string, Batch>>(TOPIC, KAFKA_BATCH_TRANSPORT)
  take(batch: Batch): void {
    const failed = probe.fail;
    probe.calls.push({ offsets: batch.messages.map((m) => m.offset), failed });
    if (failed) throw new Error('the store is down');
  }
}

describe('KafkaBatchServer on a real broker', () => {
  const kafka = new Kafka({ clientId: 'batch-transport-e2e', brokers: process.env.TEST_KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  let app: INestApplication | undefined;

  async function start(): Promise<INestApplication> {
    const server = new KafkaBatchServer(kafka, { name: 'probe', consumer: { groupId: GROUP, maxWaitTimeInMs: 100 }, fromBeginning: true });
    const module = await Test.createTestingModule({ controllers: [ProbeController], providers: [{ provide: KafkaBatchServer, useValue: server }] }).compile();
    const started = module.createNestApplication({ logger: false });
    started.connectMicroservice({ strategy: server });
    await started.init();
    await started.startAllMicroservices();
    return started;
  }

  const committed = async () => (await admin.fetchOffsets({ groupId: GROUP, topics: [TOPIC] }))[0]!.partitions[0]!.offset;

  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: TOPIC, numPartitions: 1 }] });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: TOPIC, messages: Array.from({ length: MESSAGES }, (_, i) => ({ key: `k${i}`, value: `v${i}` })) });
    await producer.disconnect();
  });

  afterAll(async () => {
    await app?.close();
    await admin.deleteTopics({ topics: [TOPIC] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('delivers a batch again while its handler throws, and commits none of it', async () => {
    app = await start();
    // kafkajs fetches again from what was not resolved: the same first offset, a second time.
    await pollUntil(
      () => probe.calls.filter((call) => call.offsets[0] === '0').length,
      (n) => n >= 2,
      { what: 'the failed batch delivered again' },
    );
    await app.close();
    app = undefined;
    expect(probe.calls.every((call) => call.failed)).toBe(true);
    expect(await committed()).toBe('-1');
  });

  it('gives the uncommitted batch to the next member of the group, and commits it once the handler returns', async () => {
    probe.fail = false;
    probe.calls.length = 0;
    app = await start();
    await pollUntil(committed, (offset) => offset === String(MESSAGES), { what: 'every offset committed' });
    const delivered = probe.calls.flatMap((call) => call.offsets);
    expect(delivered).toEqual(Array.from({ length: MESSAGES }, (_, i) => String(i)));
  });
});
