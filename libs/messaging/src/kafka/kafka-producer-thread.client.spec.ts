import { resolve } from 'node:path';
import { fromColumns, ProducerThreadClient } from './kafka-producer-thread.client';
import type { TopicMessages } from './kafka-producer.service';

const OPTIONS = { clientId: 'spec', brokers: ['127.0.0.1:1'], topicPartitions: 12 };
const FAKE_THREAD = resolve(__dirname, 'kafka-producer-thread.fixture.js');
/** One publish to topic `t` of messages with these values (the fake thread acts on the first). */
const publish = (values: string[], headers?: Record<string, string>, topic = 't'): TopicMessages => ({
  topic,
  messages: values.map((value) => ({ key: `k-${value}`, value, headers })),
});

describe('ProducerThreadClient', () => {
  let client: ProducerThreadClient;
  beforeEach(() => (client = new ProducerThreadClient(OPTIONS, FAKE_THREAD)));
  afterEach(() => client.close());

  it('resolves each send when the thread acknowledges it', async () => {
    await expect(Promise.all([client.send([publish(['ok'])]), client.send([publish(['ok', 'ok']), publish(['ok'])])])).resolves.toEqual([undefined, undefined]);
  });

  it('hands the thread every message as columns, from which the thread gets the same publishes back', async () => {
    const headers = { 'x-correlation-id': 'c1' };
    const publishes = [publish(['echo', 'b'], headers), publish(['c'], undefined, 'u')];
    const error = await client.send(publishes).catch((e: Error) => e);
    const columns = JSON.parse((error as Error).message);
    expect(columns).toEqual({ topics: ['t', 'u'], counts: [2, 1], keys: ['k-echo', 'k-b', 'k-c'], values: ['echo', 'b', 'c'], headers: [headers, headers, null] });
    expect(fromColumns({ ...columns, headers: [headers, headers, undefined] })).toEqual(publishes);
  });

  it('fails the sends in flight when the thread dies, and starts a new thread for the next send', async () => {
    const pending = client.send([publish(['ok'])]);
    await expect(client.send([publish(['exit'])])).rejects.toThrow('the producer thread exited (code 3)');
    await expect(pending).resolves.toBeUndefined();
    await expect(client.send([publish(['ok'])])).resolves.toBeUndefined();
  });

  it("answers a ping with the thread's answer", async () => {
    await expect(client.ping(['up'])).resolves.toBeUndefined();
    await expect(client.ping(['down'])).rejects.toThrow('no leader');
  });

  it('starts no thread until the first send, so closing an unused client returns at once', async () => {
    await expect(new ProducerThreadClient(OPTIONS, resolve(__dirname, 'no-such-thread.js')).close()).resolves.toBeUndefined();
  });
});
