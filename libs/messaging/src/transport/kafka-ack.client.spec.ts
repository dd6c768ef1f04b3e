import { lastValueFrom } from 'rxjs';
import { KafkaProducerService, type ProducerClient, PublishTimeoutError, type TopicMessages } from '../kafka/kafka-producer.service';
import { KafkaAckClient } from './kafka-ack.client';

/** A producer client whose produce requests complete when the test says so. */
function fakeProducer() {
  const sends: { publishes: TopicMessages[]; settle: (error?: Error) => void }[] = [];
  const client: ProducerClient = {
    close: jest.fn(async () => undefined),
    ping: jest.fn(async () => undefined),
    send: jest.fn(
      (publishes: TopicMessages[]) =>
        new Promise<void>((resolve, reject) =>
          sends.push({ publishes: publishes.map((p) => ({ topic: p.topic, messages: [...p.messages] })), settle: (error) => (error ? reject(error) : resolve()) }),
        ),
    ),
  };
  return { producer: new KafkaProducerService(client), sends };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));
const done = <T>(observable: import('rxjs').Observable<T>) => lastValueFrom(observable, { defaultValue: undefined });

describe('KafkaAckClient', () => {
  it('sends at call time and completes only once Kafka acknowledged', async () => {
    const { producer, sends } = fakeProducer();
    const client = new KafkaAckClient(producer);
    let completed = false;
    const emitted = client.emit('t', { key: 'k', value: 'v', headers: { h: '1' } });
    await flush();
    expect(sends.map((s) => s.publishes)).toEqual([[{ topic: 't', messages: [{ key: 'k', value: 'v', headers: { h: '1' } }] }]]);
    const waiting = done(emitted).then(() => (completed = true));
    await flush();
    expect(completed).toBe(false);
    sends[0]!.settle();
    await waiting;
    expect(completed).toBe(true);
  });

  it('emits a list as one publish, and errors when Kafka does not acknowledge', async () => {
    const { producer, sends } = fakeProducer();
    const client = new KafkaAckClient(producer);
    const emitted = done(
      client.emit('t', [
        { key: 'a', value: '1' },
        { key: 'b', value: '2' },
      ]),
    );
    await flush();
    expect(sends).toHaveLength(1);
    expect(sends[0]!.publishes[0]!.messages.map((m) => m.key)).toEqual(['a', 'b']);
    sends[0]!.settle(new Error('NOT_ENOUGH_REPLICAS'));
    await expect(emitted).rejects.toThrow('NOT_ENOUGH_REPLICAS');
  });

  it('fails after its timeout with PublishTimeoutError', async () => {
    const { producer } = fakeProducer();
    const client = new KafkaAckClient(producer, { timeoutMs: 20 });
    await expect(done(client.emit('t', { key: 'a', value: '1' }))).rejects.toBeInstanceOf(PublishTimeoutError);
  });

  it('leaves no unhandled rejection when nobody waits for a failed emit', async () => {
    const { producer, sends } = fakeProducer();
    const client = new KafkaAckClient(producer);
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      client.emit('t', { key: 'a', value: '1' });
      await flush();
      sends[0]!.settle(new Error('down'));
      await flush();
      await flush();
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('refuses request-response with a clear error', () => {
    const client = new KafkaAckClient(fakeProducer().producer);
    expect(() => client.send('t', { key: 'a', value: '1' })).toThrow('no request-response; use emit');
  });
});
