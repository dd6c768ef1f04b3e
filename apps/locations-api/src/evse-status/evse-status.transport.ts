import type { FactoryProvider } from '@nestjs/common';
import { KafkaBatchServer, TopicAdminService } from '@app/messaging';
import { Kafka } from 'kafkajs';
import { LocationsApiSettings } from '../locations-api.settings';

/** The consumer behind EvseStatusController, in its own group (KAFKA_CONSUMER_GROUP) with kafkajs's session defaults. */
export const evseStatusTransport: FactoryProvider<KafkaBatchServer> = {
  provide: KafkaBatchServer,
  inject: [Kafka, LocationsApiSettings, TopicAdminService],
  useFactory: (kafka: Kafka, settings: LocationsApiSettings, topics: TopicAdminService) =>
    new KafkaBatchServer(kafka, {
      name: 'kafka_evse_status',
      consumer: { groupId: settings.KAFKA_CONSUMER_GROUP },
      fromBeginning: true,
      prepare: () => topics.ensureTopics(),
    }),
};
