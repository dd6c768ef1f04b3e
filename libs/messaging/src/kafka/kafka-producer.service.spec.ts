import type { Kafka } from 'kafkajs';
import { KafkaProducerService, PublishTimeoutError } from './kafka-producer.service';

/** A producer whose produce requests complete when the test says so. */
function fakeKafka() {
  const sends: { topicMessages: { topic: string; messages: { value: string }[] }[]; settle: (error?: Error) => void }[] = [];
  const producer = {
    connect: jest.fn(async () => undefined),
    disconnect: jest.fn(async () => undefined),
    sendBatch: jest.fn(
      (request: { topicMessages: { topic: string; messages: { value: string }[] }[] }) =>
        new Promise<void>((resolve, reject) => sends.push({ topicMessages: request.topicMessages, settle: (error) => (error ? reject(error) : resolve()) })),
    ),
  };
  return { kafka: { producer: () => producer } as unknown as Kafka, sends, producer };
}

const message = (value: string) => ({ key: value, value });
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('KafkaProducerService', () => {
  it('sends at once at rest, and groups what arrives meanwhile into the next request, in order', async () => {
    const { kafka, sends } = fakeKafka();
    const service = new KafkaProducerService(kafka);
    const first = service.publish('t', [message('a')]);
    await flush();
    const second = service.publish('t', [message('b')]);
    const third = service.publish('u', [message('c'), message('d')]);
    await flush();
    expect(sends).toHaveLength(1);
    sends[0]!.settle();
    await first;
    await flush();
    expect(sends).toHaveLength(2);
    expect(sends[1]!.topicMessages).toEqual([
      { topic: 't', messages: [message('b')] },
      { topic: 'u', messages: [message('c'), message('d')] },
    ]);
    sends[1]!.settle();
    await expect(Promise.all([second, third])).resolves.toBeDefined();
  });

  it('rejects every publish of a failed request', async () => {
    const { kafka, sends } = fakeKafka();
    const service = new KafkaProducerService(kafka);
    const publish = service.publish('t', [message('a')]);
    await flush();
    sends[0]!.settle(new Error('broker down'));
    await expect(publish).rejects.toThrow('broker down');
  });

  it('times out, and drops timed-out messages not yet handed to Kafka', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    try {
      const { kafka, sends } = fakeKafka();
      const service = new KafkaProducerService(kafka);
      const stuck = service.publish('t', [message('a')], { timeoutMs: 100 });
      await flush();
      const waiting = service.publish('t', [message('b')], { timeoutMs: 100 });
      const rejections = Promise.allSettled([stuck, waiting]);
      jest.advanceTimersByTime(101);
      const [a, b] = await rejections;
      expect(a).toMatchObject({ status: 'rejected', reason: expect.any(PublishTimeoutError) });
      expect(b).toMatchObject({ status: 'rejected', reason: expect.any(PublishTimeoutError) });
      const later = service.publish('t', [message('c')]);
      sends[0]!.settle();
      await flush();
      await flush();
      expect(sends).toHaveLength(2);
      expect(sends[1]!.topicMessages).toEqual([{ topic: 't', messages: [message('c')] }]);
      sends[1]!.settle();
      await later;
    } finally {
      jest.useRealTimers();
    }
  });
});
