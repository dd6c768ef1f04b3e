import { resolve } from 'node:path';
import { ProducerThreadClient } from './kafka-producer-thread.client';

const OPTIONS = { clientId: 'spec', brokers: ['127.0.0.1:1'], topicPartitions: 12 };
const FAKE_THREAD = resolve(__dirname, 'kafka-producer-thread.fixture.js');
const message = (value: string, headers?: Record<string, string>) => ({ topic: 't', key: `k-${value}`, value, headers });

describe('ProducerThreadClient', () => {
  let client: ProducerThreadClient;
  beforeEach(() => (client = new ProducerThreadClient(OPTIONS, FAKE_THREAD)));
  afterEach(() => client.close());

  it('resolves each send when the thread acknowledges it', async () => {
    await expect(Promise.all([client.send([message('ok')]), client.send([message('ok'), message('ok')])])).resolves.toEqual([undefined, undefined]);
  });

  it('hands the thread every message as columns, a shared headers object included', async () => {
    const headers = { 'x-correlation-id': 'c1' };
    const error = await client.send([message('echo', headers), message('b', headers), message('c')]).catch((e: Error) => e);
    expect(JSON.parse((error as Error).message)).toEqual({
      topics: ['t', 't', 't'],
      keys: ['k-echo', 'k-b', 'k-c'],
      values: ['echo', 'b', 'c'],
      headers: [headers, headers, null],
    });
  });

  it('fails the sends in flight when the thread dies, and starts a new thread for the next send', async () => {
    const pending = client.send([message('ok')]);
    await expect(client.send([message('exit')])).rejects.toThrow('the producer thread exited (code 3)');
    await expect(pending).resolves.toBeUndefined();
    await expect(client.send([message('ok')])).resolves.toBeUndefined();
  });

  it('starts no thread until the first send, so closing an unused client returns at once', async () => {
    await expect(new ProducerThreadClient(OPTIONS, resolve(__dirname, 'no-such-thread.js')).close()).resolves.toBeUndefined();
  });
});
