import { Partitioners } from 'kafkajs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import * as platformatic from '@platformatic/kafka';
import type { KafkaOptions } from './kafka-options';
import { createProducerClient, KEY_PARTITIONER, memoizedKeyPartitioner, oneAfterAnother } from './kafka-producer.client';

describe('the producer client key partitioner', () => {
  it('puts every key on the partition kafkajs (and Java) put it on, so no key ever moves to a second partition', () => {
    const kafkajs = Partitioners.DefaultPartitioner();
    for (const partitions of [1, 3, 12, 50]) {
      const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({ partitionId, leader: 0, partitionErrorCode: 0, replicas: [0], isr: [0] }));
      for (let i = 0; i < 2000; i++) {
        const key = `FR/ABC/LOC-${i}/EVSE-${i % 7}`;
        const expected = kafkajs({ topic: 't', partitionMetadata, message: { key, value: null } });
        const ours = (KEY_PARTITIONER(undefined as never, Buffer.from(key)) as number) % partitions;
        expect([key, partitions, ours]).toEqual([key, partitions, expected]);
      }
    }
  });

  it('gives the same hash from memory as computed, for keys seen before and new ones', () => {
    const memoized = memoizedKeyPartitioner();
    const context = { metadata: undefined as never };
    for (const round of [0, 1]) {
      for (let i = 0; i < 500 * (round + 1); i++) {
        const key = `FR/ABC/LOC-${i}/EVSE-${i % 7}`;
        const expected = KEY_PARTITIONER(undefined as never, Buffer.from(key));
        expect([key, memoized({ key, value: '', topic: 't' }, Buffer.from(key), context)]).toEqual([key, expected]);
      }
    }
  });
});

describe('oneAfterAnother (the order of two sends)', () => {
  it('starts each task once the one before settled, in call order, even when it failed', async () => {
    const inTurn = oneAfterAnother();
    const log: string[] = [];
    const settles: (() => void)[] = [];
    const task =
      (name: string, fail = false) =>
      () =>
        new Promise<void>((resolve, reject) => {
          log.push(`start ${name}`);
          settles.push(() => (fail ? reject(new Error(name)) : resolve()));
        });
    const first = inTurn(task('first', true));
    const second = inTurn(task('second'));
    const third = inTurn(task('third'));
    await nextTurn();
    expect(log).toEqual(['start first']);
    settles[0]!();
    await expect(first).rejects.toThrow('first');
    expect(log).toEqual(['start first', 'start second']);
    settles[1]!();
    await second;
    await nextTurn();
    expect(log).toEqual(['start first', 'start second', 'start third']);
    settles[2]!();
    await third;
  });
});

describe('createProducerClient (the order of two sends, through the library)', () => {
  // The library's Producer, recording when each send starts; the test settles them.
  const started: string[] = [];
  const settles: ((error?: Error) => void)[] = [];
  beforeEach(() => {
    started.length = 0;
    settles.length = 0;
    jest.spyOn(platformatic.Producer.prototype, 'send').mockImplementation(function (this: unknown, options: { messages: { key?: unknown }[] }) {
      started.push(options.messages.map((message) => String(message.key)).join(','));
      return new Promise((resolve, reject) => settles.push((error) => (error ? reject(error) : resolve({} as never))));
    } as never);
  });
  afterEach(() => jest.restoreAllMocks());

  it('starts a send on the library only once the one before settled, in call order, also after a failure', async () => {
    const client = createProducerClient({ clientId: 'spec', brokers: ['127.0.0.1:1'] } as KafkaOptions);
    const publish = (key: string) => [{ topic: 't', messages: [{ key, value: key }] }];
    const first = client.send(publish('a'));
    const second = client.send(publish('b'));
    const third = client.send(publish('c'));
    await nextTurn();
    expect(started).toEqual(['a']);
    settles[0]!(new Error('broker gone'));
    await expect(first).rejects.toThrow('broker gone');
    await nextTurn();
    expect(started).toEqual(['a', 'b']);
    settles[1]!();
    await second;
    await nextTurn();
    expect(started).toEqual(['a', 'b', 'c']);
    settles[2]!();
    await third;
  });
});
