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
      partitionsConsumedConcurrently: 4,
      fromBeginning: true,
      prepare: () => topics.ensureTopics(),
    });
  },
};
