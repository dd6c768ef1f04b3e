import { KafkaProducerService, type ProducerClient, PublishTimeoutError, type TopicMessages } from './kafka-producer.service';

/** A producer client whose produce requests complete when the test says so. */
function fakeClient() {
  const sends: { topicMessages: TopicMessages[]; settle: (error?: Error) => void }[] = [];
  const client: ProducerClient = {
    close: jest.fn(async () => undefined),
    ping: jest.fn(async () => undefined),
    send: jest.fn(
      (publishes: TopicMessages[]) => new Promise<void>((resolve, reject) => sends.push({ topicMessages: byTopic(publishes), settle: (error) => (error ? reject(error) : resolve()) })),
    ),
  };
  return { client, sends };
}

/** The sent messages, consecutive ones of a topic merged, in order, as the assertions read best. */
function byTopic(publishes: TopicMessages[]): TopicMessages[] {
  const groups: TopicMessages[] = [];
  for (const { topic, messages } of publishes) {
    const last = groups.at(-1);
    if (last?.topic === topic) last.messages.push(...messages);
    else groups.push({ topic, messages: [...messages] });
  }
  return groups;
}

const message = (value: string) => ({ key: value, value });
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('KafkaProducerService', () => {
  it('sends at once at rest, hands the next send while one is in flight, and groups what arrives meanwhile into the one after, in order', async () => {
    const { client, sends } = fakeClient();
    const service = new KafkaProducerService(client);
    const first = service.publish('t', [message('a')]);
    await flush();
    expect(sends).toHaveLength(1);
    const second = service.publish('t', [message('b')]);
    const third = service.publish('u', [message('c')]);
    const fourth = service.publish('t', [message('d'), message('e')]);
    await flush();
    // Two sends handed at most: the client starts the second once the first settled.
    expect(sends.map((send) => send.topicMessages)).toEqual([[{ topic: 't', messages: [message('a')] }], [{ topic: 't', messages: [message('b')] }]]);
    sends[0]!.settle();
    await first;
    await flush();
    expect(sends).toHaveLength(3);
    expect(sends[2]!.topicMessages).toEqual([
      { topic: 'u', messages: [message('c')] },
      { topic: 't', messages: [message('d'), message('e')] },
    ]);
    sends[1]!.settle();
    sends[2]!.settle();
    await expect(Promise.all([second, third, fourth])).resolves.toBeDefined();
  });

  it('rejects every publish of a failed request', async () => {
    const { client, sends } = fakeClient();
    const service = new KafkaProducerService(client);
    const publish = service.publish('t', [message('a')]);
    await flush();
    sends[0]!.settle(new Error('broker down'));
    await expect(publish).rejects.toThrow('broker down');
  });

  it('rejects the publishes of a send the client threw on, and goes on with the next ones', async () => {
    const { client, sends } = fakeClient();
    const send = client.send as jest.Mock;
    const throwing = () => {
      throw new Error('cannot clone');
    };
    send.mockImplementationOnce(throwing).mockImplementationOnce(throwing);
    const service = new KafkaProducerService(client);
    // Two sends thrown on: as many as may be handed at once, so neither may keep its place.
    await expect(service.publish('t', [message('a')])).rejects.toThrow('cannot clone');
    await expect(service.publish('t', [message('x')])).rejects.toThrow('cannot clone');
    const next = service.publish('t', [message('b')]);
    await flush();
    expect(sends.map((s) => s.topicMessages)).toEqual([[{ topic: 't', messages: [message('b')] }]]);
    sends[0]!.settle();
    await next;
  });

  it('remembers the last failed send until a send is acknowledged again', async () => {
    const { client, sends } = fakeClient();
    const service = new KafkaProducerService(client);
    const failed = service.publish('t', [message('a')]);
    sends[0]!.settle(new Error('NOT_ENOUGH_REPLICAS'));
    await expect(failed).rejects.toThrow();
    expect(service.lastFailure).toMatchObject({ message: 'NOT_ENOUGH_REPLICAS', at: expect.any(Date) });
    const next = service.publish('t', [message('b')]);
    await flush();
    sends[1]!.settle();
    await next;
    expect(service.lastFailure).toBeUndefined();
  });

  it('times out, and drops timed-out messages not yet handed to the client', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    try {
      const { client, sends } = fakeClient();
      const service = new KafkaProducerService(client);
      const stuck = service.publish('t', [message('a')], { timeoutMs: 100 });
      const handed = service.publish('t', [message('b')], { timeoutMs: 100 });
      await flush();
      const waiting = service.publish('t', [message('x')], { timeoutMs: 100 });
      const rejections = Promise.allSettled([stuck, handed, waiting]);
      jest.advanceTimersByTime(101);
      for (const outcome of await rejections) expect(outcome).toMatchObject({ status: 'rejected', reason: expect.any(PublishTimeoutError) });
      const later = service.publish('t', [message('c')]);
      sends[0]!.settle();
      await flush();
      await flush();
      // a and b were handed to the client and may still land; x, not handed, is dropped.
      expect(sends.map((send) => send.topicMessages)).toEqual([
        [{ topic: 't', messages: [message('a')] }],
        [{ topic: 't', messages: [message('b')] }],
        [{ topic: 't', messages: [message('c')] }],
      ]);
      sends[1]!.settle();
      sends[2]!.settle();
      await later;
    } finally {
      jest.useRealTimers();
    }
  });
});
