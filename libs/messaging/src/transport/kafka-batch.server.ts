import { Logger } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import { BaseRpcContext, type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import type { Batch, Consumer, ConsumerConfig, ConsumerEvents, EachBatchPayload, Kafka } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { lastValueFrom } from 'rxjs';

/** Handlers of this transport: `@EventPattern(topic, KAFKA_BATCH_TRANSPORT)`. */
export const KAFKA_BATCH_TRANSPORT = Symbol('kafka-batch');

/** connecting: trying to reach Kafka or (re)joining; consuming: a member of the group; closed: stopped for good. */
export type KafkaBatchStatus = 'connecting' | 'consuming' | 'closed';

type KafkaBatchEvents = { [E in ConsumerEvents[keyof ConsumerEvents]]: (event: unknown) => void };

export interface KafkaBatchServerOptions {
  /** Passed to kafkajs as is: the group id and session settings the app always had. */
  consumer: ConsumerConfig;
  partitionsConsumedConcurrently?: number;
  fromBeginning?: boolean;
  /** Runs before each attempt to connect (the app's topics are created there). */
  prepare?: () => Promise<void>;
  /** Readiness key, e.g. kafka_intake. */
  name: string;
}

/** The context a handler may take as second argument: the batch's topic and partition. */
export class KafkaBatchContext extends BaseRpcContext<[Batch]> {
  getBatch(): Batch {
    return this.args[0];
  }
}

const RETRY_FIRST_MS = 200;
const RETRY_MAX_MS = 30_000;

/**
 * A Nest transport over a kafkajs consumer's eachBatch (Nest's own ServerKafka
 * runs eachMessage only). The `@EventPattern` handler of a topic gets each of
 * its batches: returning commits the batch; throwing (or an errored Observable)
 * commits nothing, so kafkajs reads it again. The consumer heartbeats while the
 * handler runs. `listen` answers at once and connects in the background, with
 * backoff, so HTTP serves while Kafka is down; `check` tells readiness.
 */
export class KafkaBatchServer extends Server<KafkaBatchEvents, KafkaBatchStatus> implements CustomTransportStrategy {
  override readonly transportId = KAFKA_BATCH_TRANSPORT;
  /** Handler errors reach us (Nest would log and swallow them otherwise): they decide the commit. */
  override readonly propagatesEventHandlerErrors = true;
  protected override readonly logger = new Logger(KafkaBatchServer.name);
  private readonly consumer: Consumer;
  private readonly heartbeatMs: number;
  private readonly closing = new AbortController();
  private state: KafkaBatchStatus = 'connecting';
  private running?: Promise<void>;
  private closed?: Promise<void>;

  constructor(
    kafka: Kafka,
    private readonly options: KafkaBatchServerOptions,
  ) {
    super();
    this.consumer = kafka.consumer(options.consumer);
    // kafkajs's default heartbeat interval, unless the app sets its own.
    this.heartbeatMs = options.consumer.heartbeatInterval ?? 3000;
    const { GROUP_JOIN, CRASH, DISCONNECT, STOP } = this.consumer.events;
    this.consumer.on(GROUP_JOIN, () => this.setState('consuming'));
    this.consumer.on(DISCONNECT, () => this.setState('connecting'));
    this.consumer.on(STOP, () => this.setState('connecting'));
    this.consumer.on(CRASH, ({ payload }) => {
      this.setState('connecting');
      // kafkajs rejoins by itself after a retriable crash; after any other it has given up: start again.
      if (!payload.restart && !this.closing.signal.aborted) this.running = this.running?.then(() => this.restart());
    });
  }

  /** One handler per topic: a second would see the batch too, and the commit could not wait for both. */
  override addHandler(pattern: unknown, callback: MessageHandler, isEventHandler = false, extras: Record<string, unknown> = {}): void {
    const topic = this.normalizePattern(pattern as string);
    if (!isEventHandler) throw new Error(`${topic}: the Kafka batch transport has no request-response; use @EventPattern`);
    if (this.messageHandlers.has(topic)) throw new Error(`${topic}: a second @EventPattern handler for a topic of the Kafka batch transport`);
    super.addHandler(pattern, callback, isEventHandler, extras);
  }

  listen(callback: () => void): void {
    callback();
    this.running = this.consume();
  }

  /**
   * Finishes the batch in progress, commits it and leaves the group; an
   * attempt to connect is given up at once. Later calls wait for the first.
   */
  close(): Promise<void> {
    this.closed ??= (async () => {
      this.closing.abort();
      await this.running;
      await this.consumer.disconnect();
      this.setState('closed');
    })();
    return this.closed;
  }

  on<E extends keyof KafkaBatchEvents>(event: E, callback: KafkaBatchEvents[E]): () => void {
    return this.consumer.on(event as ConsumerEvents['GROUP_JOIN'], callback);
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  check(): HealthIndicatorResult {
    const name = this.options.name;
    return this.state === 'consuming' ? { [name]: { status: 'up' } } : { [name]: { status: 'down', message: this.state } };
  }

  /** Runs one batch through its handler; exported for the specs, which drive it with a fake payload. */
  async handleBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload): Promise<void> {
    if (!isRunning() || isStale()) return;
    const beating = setInterval(() => heartbeat().catch(() => undefined), this.heartbeatMs);
    try {
      await this.dispatch(batch);
    } catch (error) {
      this.logger.error({ topic: batch.topic, partition: batch.partition, first_offset: batch.firstOffset(), err: error }, 'batch not handled: not committed, Kafka delivers it again');
      throw error;
    } finally {
      clearInterval(beating);
    }
    resolveOffset(batch.lastOffset());
    await commitOffsetsIfNecessary();
  }

  private dispatch(batch: Batch): Promise<void> {
    const handler = this.getHandlerByPattern(batch.topic);
    if (!handler) return Promise.reject(new Error(`no handler for topic ${batch.topic}`));
    const context = new KafkaBatchContext([batch]);
    // A handler's failure comes back as an errored Observable, not a rejection: wait for its end.
    return new Promise<void>((resolve, reject) => {
      this.onProcessingStartHook(this.transportId, context, async () => {
        try {
          await lastValueFrom(this.transformToObservable(await handler(batch, context)), { defaultValue: undefined });
          resolve();
        } catch (error) {
          reject(error);
        } finally {
          this.onProcessingEndHook?.(this.transportId, context);
        }
      });
    });
  }

  private async consume(): Promise<void> {
    const topics = [...this.messageHandlers.keys()];
    const signal = this.closing.signal;
    for (let attempt = 1; !signal.aborted; attempt++) {
      try {
        this.setState('connecting');
        await unlessAborted(this.options.prepare?.(), signal);
        await unlessAborted(this.consumer.connect(), signal);
        await unlessAborted(this.consumer.subscribe({ topics, fromBeginning: this.options.fromBeginning ?? false }), signal);
        await unlessAborted(
          this.consumer.run({
            eachBatchAutoResolve: false,
            partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
            eachBatch: (payload) => this.handleBatch(payload),
          }),
          signal,
        );
        return;
      } catch (error) {
        if (signal.aborted) return; // close() disconnects
        const retryInMs = Math.round(Math.min(RETRY_FIRST_MS * 2 ** (attempt - 1), RETRY_MAX_MS) * (0.8 + Math.random() * 0.4));
        this.logger.error({ err: error, group: this.options.consumer.groupId, attempt, retry_in_ms: retryInMs }, 'cannot consume from Kafka: HTTP and stored work go on; trying again');
        await this.consumer.disconnect().catch(() => undefined);
        await sleep(retryInMs, undefined, { signal }).catch(() => undefined);
      }
    }
  }

  private async restart(): Promise<void> {
    await this.consumer.disconnect().catch(() => undefined);
    await this.consume();
  }

  private setState(state: KafkaBatchStatus): void {
    if (this.state === 'closed') return;
    this.state = state;
    this._status$.next(state);
  }
}

/** `work`, or a rejection as soon as the server closes: a broker that never answers must not hold the shutdown. */
function unlessAborted<T>(work: Promise<T> | undefined, signal: AbortSignal): Promise<T | undefined> {
  if (work === undefined) return Promise.resolve(undefined);
  work.catch(() => undefined); // its failure after an abort is of no interest
  return new Promise<T | undefined>((resolve, reject) => {
    const abort = () => reject(new Error('closing'));
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}
