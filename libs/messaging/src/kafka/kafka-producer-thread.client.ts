import { Worker } from 'node:worker_threads';
import { resolve } from 'node:path';
import type { KafkaOptions } from './kafka-options';
import type { ProducerClient, TopicMessages } from './kafka-producer.service';

/**
 * Messages cross to the thread as columns: arrays of strings copy several
 * times faster than arrays of objects, and a headers object shared by the
 * messages of one publish is copied once.
 */
export interface MessageColumns {
  /** The topic of each publish, and how many of the messages that follow are its. */
  topics: string[];
  counts: number[];
  keys: string[];
  values: string[];
  headers: (Record<string, string> | undefined)[];
}
export type ProducerThreadRequest = { type: 'send'; id: number; messages: MessageColumns } | { type: 'ping'; id: number; topics: string[] } | { type: 'close' };
export interface ProducerThreadReply {
  id: number;
  /** Why Kafka did not acknowledge; absent once it did. */
  error?: string;
}

/**
 * The producer client run on a thread of its own (kafka-producer.worker.ts):
 * record batching, CRCs, socket writes and their garbage leave the app's event
 * loop, which keeps HTTP and the domain rules; the two use two cores.
 */
export class ProducerThreadClient implements ProducerClient {
  private worker?: Worker;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();

  constructor(
    private readonly options: KafkaOptions,
    private readonly script = resolve(__dirname, 'kafka-producer.worker.js'),
  ) {}

  send(publishes: TopicMessages[]): Promise<void> {
    return this.request((id) => ({ type: 'send', id, messages: toColumns(publishes) }));
  }

  ping(topics: string[]): Promise<void> {
    return this.request((id) => ({ type: 'ping', id, topics }));
  }

  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise((done) => worker.once('exit', done));
    worker.postMessage({ type: 'close' } satisfies ProducerThreadRequest);
    await exited;
  }

  private request(make: (id: number) => ProducerThreadRequest): Promise<void> {
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.thread().postMessage(make(id));
    });
  }

  /** Started on the first send, so building the app's modules (e.g. for its OpenAPI document) starts no thread. */
  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script, { workerData: this.options });
    worker.on('message', (reply: ProducerThreadReply) => {
      const waiting = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (reply.error === undefined) waiting?.resolve();
      else waiting?.reject(new Error(reply.error));
    });
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', (code) => {
      this.worker = undefined;
      this.failAll(new Error(`the producer thread exited (code ${code})`));
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  /** Sends the thread will never answer: their callers get an error, not a hang. */
  private failAll(error: Error): void {
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}

function toColumns(publishes: TopicMessages[]): MessageColumns {
  const columns: MessageColumns = { topics: [], counts: [], keys: [], values: [], headers: [] };
  for (const { topic, messages } of publishes) {
    columns.topics.push(topic);
    columns.counts.push(messages.length);
    for (const { key, value, headers } of messages) {
      columns.keys.push(key);
      columns.values.push(value);
      columns.headers.push(headers);
    }
  }
  return columns;
}

/** The worker's side of toColumns. */
export function fromColumns({ topics, counts, keys, values, headers }: MessageColumns): TopicMessages[] {
  let next = 0;
  return topics.map((topic, p) => {
    const messages = [];
    for (const end = next + counts[p]!; next < end; next++) messages.push({ key: keys[next]!, value: values[next]!, headers: headers[next] });
    return { topic, messages };
  });
}
