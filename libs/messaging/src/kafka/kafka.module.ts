import { type DynamicModule, Module } from '@nestjs/common';
import { Kafka, logLevel } from 'kafkajs';
import { ProducerThreadClient } from './kafka-producer-thread.client';
import { KafkaProducerHealthIndicator } from './kafka-producer.health';
import { KafkaProducerService, PRODUCER_CLIENT } from './kafka-producer.service';
import { KAFKA_OPTIONS, type KafkaOptions } from './kafka-options';
import { kafkajsSecurity } from './kafka-security';
import { kafkajsLogCreator } from './kafkajs-log';
import { TopicAdminService } from './topic-admin.service';
import { KafkaAckClient } from '../transport/kafka-ack.client';

/** One kafkajs client per app (consumers, topic admin), and the producer (on @platformatic/kafka, on its own thread if asked) with its Nest client (KafkaAckClient). */
@Module({})
export class KafkaModule {
  static forRoot(options: KafkaOptions): DynamicModule {
    if ((options.topicMinInsyncReplicas ?? 1) > (options.topicReplicationFactor ?? 1)) {
      // Every acks=all produce would fail with NOT_ENOUGH_REPLICAS: refuse to start instead.
      throw new Error(`KAFKA_TOPIC_MIN_INSYNC_REPLICAS (${options.topicMinInsyncReplicas}) exceeds KAFKA_TOPIC_REPLICATION_FACTOR (${options.topicReplicationFactor ?? 1})`);
    }
    return {
      module: KafkaModule,
      global: true,
      providers: [
        { provide: KAFKA_OPTIONS, useValue: options },
        {
          provide: Kafka,
          useFactory: () =>
            new Kafka({
              clientId: options.clientId,
              brokers: options.brokers,
              logLevel: logLevel.WARN,
              logCreator: kafkajsLogCreator,
              retry: { initialRetryTime: 100, retries: 5 },
              ...kafkajsSecurity(options.security),
            }),
        },
        {
          provide: PRODUCER_CLIENT,
          // Imported only when used: an app producing on a thread then never loads @platformatic/kafka in its main thread (10 MB of RSS in charger-events).
          useFactory: async () => (options.producerThread ? new ProducerThreadClient(options) : (await import('./kafka-producer.client')).createProducerClient(options)),
        },
        KafkaProducerService,
        {
          provide: KafkaAckClient,
          useFactory: (producer: KafkaProducerService) => new KafkaAckClient(producer, { timeoutMs: options.publishTimeoutMs }),
          inject: [KafkaProducerService],
        },
        KafkaProducerHealthIndicator,
        TopicAdminService,
      ],
      exports: [Kafka, KAFKA_OPTIONS, KafkaProducerService, KafkaAckClient, KafkaProducerHealthIndicator, TopicAdminService],
    };
  }
}
