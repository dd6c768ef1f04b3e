import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { startPublishSpan, withHeaders } from './kafka-trace';

/** A record to publish: the key decides the partition (the same key, the same partition, in order). */
export interface OutgoingMessage {
  key: string;
  value: string;
  headers?: Record<string, string>;
}

/** Messages for one topic, as one caller published them. */
export interface TopicMessages {
  topic: string;
  messages: OutgoingMessage[];
}

/** What the service needs of a Kafka producer client (kafka-producer.client.ts makes the real one; specs fake it). */
export interface ProducerClient {
  /**
   * Sends every message, in order; resolves once Kafka acknowledged them all,
   * rejects otherwise. Takes what it needs of the messages before it returns.
   * A send starts only once every earlier send settled: a retried request can
   * never overtake a later one, so each key keeps its order.
   */
  send(publishes: TopicMessages[]): Promise<void>;
  /**
   * Asks the cluster, on the producer's own connections, for the leaders of
   * `topics`; rejects when it cannot reach the cluster or a partition has no leader.
   */
  ping(topics: string[]): Promise<void>;
  close(): Promise<void>;
}

export const PRODUCER_CLIENT = Symbol('PRODUCER_CLIENT');

/** A publish that gave up waiting: its messages were not sent, or their fate is unknown. */
export class PublishTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`Kafka did not acknowledge within ${timeoutMs} ms`);
  }
}

interface Pending extends TopicMessages {
  /** Set when the caller stopped waiting before the messages were handed to Kafka: they are dropped. */
  abandoned: boolean;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Most messages in one produce request; a bigger backlog goes in the next one. */
const MAX_MESSAGES_PER_SEND = 5000;

/**
 * Sends handed to the client at once: the one in flight, and the next, which
 * the client starts the moment the first is acknowledged (on the producer
 * thread, without waiting for this thread to hand it over).
 */
const SENDS_HANDED = 2;

/**
 * The app's Kafka producer: idempotent, acks from all in-sync replicas, and one
 * produce request in flight at a time (the client starts a send only once the
 * one before settled), so a retried request can never overtake a later one.
 * The next send waits in the client meanwhile; publishes that arrive while two
 * are handed are grouped into the one after (group commit): under load many
 * callers share one round trip, at rest a publish goes out at once with no lingering.
 */
@Injectable()
export class KafkaProducerService implements OnModuleDestroy {
  private readonly queue: Pending[] = [];
  /** Sends handed to the client and not settled yet (SENDS_HANDED at most). */
  private handed = 0;
  /** The newest send Kafka did not acknowledge, until one is acknowledged again (readiness shows it). */
  lastFailure?: { message: string; at: Date };

  constructor(@Inject(PRODUCER_CLIENT) private readonly client: ProducerClient) {}

  /**
   * Resolves once every message is acknowledged by Kafka; rejects otherwise.
   * With a timeout, rejects with PublishTimeoutError after it: messages not yet
   * handed to the client are then dropped, those already handed may still land.
   * Inside a trace, the messages carry it (W3C traceparent/tracestate headers).
   */
  publish(topic: string, messages: OutgoingMessage[], options: { timeoutMs?: number } = {}): Promise<void> {
    const span = startPublishSpan(topic, messages.length);
    if (span === undefined) return this.enqueue(topic, messages, options);
    const published = this.enqueue(topic, withHeaders(messages, span.headers), options);
    published.then(
      () => span.end(),
      (error: unknown) => span.end(error),
    );
    return published;
  }

  private enqueue(topic: string, messages: OutgoingMessage[], options: { timeoutMs?: number }): Promise<void> {
    const pending: Pending = { topic, messages, abandoned: false, resolve: () => undefined, reject: () => undefined };
    this.queue.push(pending);
    // The closures below reach the messages only through `pending`, which lets them go once sent (drain).
    return new Promise<void>((resolve, reject) => {
      pending.resolve = resolve;
      pending.reject = reject;
      if (options.timeoutMs !== undefined) {
        const timer = setTimeout(() => {
          pending.abandoned = true;
          reject(new PublishTimeoutError(options.timeoutMs!));
        }, options.timeoutMs);
        pending.resolve = () => {
          clearTimeout(timer);
          resolve();
        };
        pending.reject = (error) => {
          clearTimeout(timer);
          reject(error);
        };
      }
      this.drain();
    });
  }

  /** See ProducerClient.ping; readiness asks it. */
  ping(topics: string[]): Promise<void> {
    return this.client.ping(topics);
  }

  async onModuleDestroy(): Promise<void> {
    await this.client.close();
  }

  /** Hands the queued publishes to the client, grouped, while fewer than SENDS_HANDED sends are unsettled. */
  private drain(): void {
    while (this.handed < SENDS_HANDED && this.queue.length > 0) {
      const group = this.takeGroup();
      if (group.length === 0) continue;
      this.handed += 1;
      const sent = this.send(group);
      // The client has copied the messages: waiting for the ack, they would only be garbage kept alive.
      for (const pending of group) pending.messages = [];
      sent
        .then(
          () => {
            this.lastFailure = undefined;
            for (const pending of group) pending.resolve();
          },
          (error: unknown) => {
            this.lastFailure = { message: error instanceof Error ? error.message : String(error), at: new Date() };
            for (const pending of group) pending.reject(error);
          },
        )
        .finally(() => {
          this.handed -= 1;
          this.drain();
        });
    }
  }

  /** The client's send; one that throws instead of rejecting still settles, so `handed` comes back down. */
  private send(group: Pending[]): Promise<void> {
    try {
      return this.client.send(group);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The next publishes to send together, in arrival order, skipping abandoned ones. */
  private takeGroup(): Pending[] {
    const group: Pending[] = [];
    let count = 0;
    while (this.queue.length > 0 && (group.length === 0 || count + this.queue[0]!.messages.length <= MAX_MESSAGES_PER_SEND)) {
      const pending = this.queue.shift()!;
      if (pending.abandoned) continue;
      group.push(pending);
      count += pending.messages.length;
    }
    return group;
  }
}
