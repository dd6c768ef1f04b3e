import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Kafka, type Message, type Producer } from 'kafkajs';

/**
 * The app's Kafka producer: idempotent, acks from all in-sync replicas, one
 * request in flight so a retried batch can never overtake a later one.
 */
@Injectable()
export class KafkaProducerService implements OnModuleDestroy {
  private readonly producer: Producer;
  private connecting?: Promise<void>;

  constructor(kafka: Kafka) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  }

  /** Resolves once every message is acknowledged by Kafka; rejects otherwise. */
  async publish(topic: string, messages: Message[]): Promise<void> {
    await this.connect();
    await this.producer.send({ topic, messages, acks: -1 });
  }

  async connect(): Promise<void> {
    this.connecting ??= this.producer.connect().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    await this.connecting;
  }

  async onModuleDestroy(): Promise<void> {
    await this.producer.disconnect();
  }
}
