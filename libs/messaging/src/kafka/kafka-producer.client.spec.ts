import { Partitioners } from 'kafkajs';
import { KEY_PARTITIONER, memoizedKeyPartitioner, oneAfterAnother } from './kafka-producer.client';

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
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['start first']);
    settles[0]!();
    await expect(first).rejects.toThrow('first');
    expect(log).toEqual(['start first', 'start second']);
    settles[1]!();
    await second;
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['start first', 'start second', 'start third']);
    settles[2]!();
    await third;
  });
});
