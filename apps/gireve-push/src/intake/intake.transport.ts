import type { FactoryProvider } from '@nestjs/common';
import { KafkaBatchServer, TopicAdminService } from '@app/messaging';
import { Kafka } from 'kafkajs';
import { GirevePushSettings } from '../gireve-push.settings';

/**
 * The consumer behind IntakeController: the group and session settings of
 * KAFKA_CONSUMER_GROUP (its committed offsets and the KEDA trigger depend on
 * them); the topics are created before each attempt to join.
 */
export const intakeTransport: FactoryProvider<KafkaBatchServer> = {
  provide: KafkaBatchServer,
  inject: [Kafka, GirevePushSettings, TopicAdminService],
  useFactory: (kafka: Kafka, settings: GirevePushSettings, topics: TopicAdminService) => {
    const heartbeatInterval = Math.floor(settings.KAFKA_SESSION_TIMEOUT_MS / 5);
    return new KafkaBatchServer(kafka, {
      name: 'kafka_intake',
      consumer: { groupId: settings.KAFKA_CONSUMER_GROUP, sessionTimeout: settings.KAFKA_SESSION_TIMEOUT_MS, heartbeatInterval, maxWaitTimeInMs: 1000 },
      // Every partition's batch at once: kafkajs fetches again only once a fetch's batches are all stored, so
      // with fewer, an event accepted just after a fetch waits for several rounds of transactions.
      partitionsConsumedConcurrently: settings.KAFKA_TOPIC_PARTITIONS,
      fromBeginning: true,
      prepare: () => topics.ensureTopics(),
    });
  },
};
