import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import { from, type Observable, throwError } from 'rxjs';
import type { KafkaProducerService, OutgoingMessage } from '../kafka/kafka-producer.service';

export interface KafkaAckClientOptions {
  /** Gives up waiting for the ack after this (PublishTimeoutError); absent: waits as long as the producer retries. */
  timeoutMs?: number;
}

/**
 * A Nest ClientProxy over the app's producer (KafkaProducerService: idempotent,
 * acks from all in-sync replicas, group commit). `emit(topic, message)` or
 * `emit(topic, messages)` (one publish for the whole batch) returns an
 * Observable that completes once Kafka acknowledged and errors otherwise; await
 * it with `lastValueFrom(…, { defaultValue: undefined })`. Publishing is
 * fire-and-ack only: `send` (request-response) is refused.
 */
export class KafkaAckClient extends ClientProxy {
  private readonly connected = Promise.resolve();

  constructor(
    private readonly producer: KafkaProducerService,
    private readonly options: KafkaAckClientOptions = {},
  ) {
    super();
  }

  /**
   * Sent at once, as Nest's emit does, but without keeping the messages until
   * the ack (the producer lets its copy go once sent; a batch can be large).
   */
  override emit<TResult = void, TInput = OutgoingMessage | OutgoingMessage[]>(topic: string, data: TInput): Observable<TResult> {
    if (topic == null || data == null) return throwError(() => new Error('KafkaAckClient.emit: a topic and a message (or a list) are required'));
    const acked = this.dispatchEvent<TResult>({ pattern: topic, data: data as OutgoingMessage | OutgoingMessage[] });
    // Nobody may subscribe (fire and forget): the failure must not become an unhandled rejection.
    acked.catch(() => undefined);
    return from(acked);
  }

  override send<TResult = never, TInput = unknown>(pattern: unknown, _data: TInput): Observable<TResult> {
    throw new Error(`KafkaAckClient.send(${String(pattern)}): Kafka publishing has no request-response; use emit`);
  }

  /** The producer connects on its own: nothing to wait for. */
  connect(): Promise<void> {
    return this.connected;
  }

  /** The producer is the app's, closed with it; this client owns nothing. */
  close(): void {}

  unwrap<T>(): T {
    return this.producer as T;
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    callback({ err: new Error(`KafkaAckClient: no request-response on ${String(packet.pattern)}`), isDisposed: true });
    return () => undefined;
  }

  protected dispatchEvent<T = void>(packet: ReadPacket<OutgoingMessage | OutgoingMessage[]>): Promise<T> {
    const messages = Array.isArray(packet.data) ? packet.data : [packet.data];
    return this.producer.publish(packet.pattern as string, messages, { timeoutMs: this.options.timeoutMs }) as Promise<T>;
  }
}
