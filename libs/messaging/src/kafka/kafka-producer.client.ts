import { compatibilityPartitioner, type Partitioner, Producer, type Serializer, stringSerializers } from '@platformatic/kafka';
import type { KafkaOptions } from './kafka-options';
import type { ProducerClient, TopicMessages } from './kafka-producer.service';
import { platformaticSecurity } from './kafka-security';

/**
 * Java's (and kafkajs's) key → partition mapping; kafka-producer.client.spec.ts
 * holds it to kafkajs's. @platformatic/kafka's default differs (`murmur2 >>> 0`):
 * this one keeps every key on the partition it always had, which a compacted topic relies on.
 */
export const KEY_PARTITIONER = compatibilityPartitioner;

/** More keys than any CPO has EVSEs; past it the memo starts over rather than grow. */
const MEMOIZED_KEYS = 100_000;

/**
 * KEY_PARTITIONER remembered per key: its murmur2 (on BigInts) was the
 * costliest step of a send, and the same EVSE keys come back all day.
 */
export function memoizedKeyPartitioner(): Partitioner<string, string, string, string> {
  const hashes = new Map<string, number>();
  return (message, key) => {
    let hash = hashes.get(message.key!);
    if (hash === undefined) {
      if (hashes.size >= MEMOIZED_KEYS) hashes.clear();
      hash = KEY_PARTITIONER(message, key) as number;
      hashes.set(message.key!, hash);
    }
    return hash;
  };
}

/**
 * Runs tasks one after another, in call order, each once the one before
 * settled (whatever its outcome). A promise chain: four lines, no library.
 */
export function oneAfterAnother(): (task: () => Promise<void>) => Promise<void> {
  let tail: Promise<void> = Promise.resolve();
  return (task) => {
    const run = tail.then(task);
    tail = run.catch(() => undefined);
    return run;
  };
}

/**
 * The producer client, on @platformatic/kafka: about 2.3× the records/s of
 * kafkajs on the same CPU (bench/REPORT.md). Idempotent, so acks from all
 * in-sync replicas and one request in flight; a send starts only once the one
 * before settled, so the order of two sends never rests on the library's queue
 * and retries.
 */
export function createProducerClient(options: KafkaOptions): ProducerClient {
  const producer = new Producer({
    clientId: options.clientId,
    bootstrapBrokers: options.brokers,
    idempotent: true,
    partitioner: memoizedKeyPartitioner(),
    serializers: { ...stringSerializers, headerKey: repeatedStringSerializer(), headerValue: repeatedStringSerializer() },
    // Idempotent mode otherwise retries forever; a caller waiting on Kafka needs an answer.
    retries: 5,
    retryDelay: 200,
    ...platformaticSecurity(options.security),
  });
  const inTurn = oneAfterAnother();
  return {
    send: (publishes: TopicMessages[]) => {
      // Taken now: the caller lets the messages go once send returns.
      const headersMap = repeatedHeadersAsMap();
      const messages = publishes.flatMap(({ topic, messages }) => messages.map(({ key, value, headers }) => ({ topic, key, value, headers: headersMap(headers) })));
      return inTurn(async () => {
        await producer.send({ messages });
      });
    },
    ping: async (topics: string[]) => {
      const metadata = await producer.metadata({ topics, forceUpdate: true, retries: 0 });
      for (const topic of topics) {
        const partitions = metadata.topics.get(topic)?.partitions ?? [];
        const leaderless = partitions.filter((partition) => !(partition.leader >= 0)).length;
        if (partitions.length === 0) throw new Error(`topic ${topic} not found`);
        if (leaderless > 0) throw new Error(`${leaderless} partition(s) of ${topic} have no leader`);
      }
    },
    close: () => producer.close(),
  };
}

/*
 * The messages of one publish share one headers object (one correlation id for
 * every event of a request): it becomes a Map, and its names and values bytes,
 * once per run of records rather than once per record.
 */

function repeatedHeadersAsMap(): (headers: Record<string, string> | undefined) => Map<string, string> | undefined {
  let last: Record<string, string> | undefined;
  let map: Map<string, string> | undefined;
  return (headers) => {
    if (headers !== last) {
      last = headers;
      map = headers && new Map(Object.entries(headers));
    }
    return map;
  };
}

function repeatedStringSerializer(): Serializer<string> {
  let last: string | undefined;
  let bytes: Buffer | undefined;
  return (text) => {
    if (text !== last) {
      last = text;
      bytes = text === undefined ? undefined : Buffer.from(text, 'utf8');
    }
    return bytes;
  };
}
