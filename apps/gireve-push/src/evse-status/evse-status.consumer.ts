import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { decodeMessage, EvseStatusEventV1, TOPICS, TopicAdminService } from '@app/messaging';
import { type Consumer, Kafka } from 'kafkajs';
import { GirevePushSettings } from '../gireve-push.settings';
import { EvseStatusPushService } from './evse-status-push.service';

/** Reads ocpi.evse-status.v1 and hands each event to the push service; offsets commit only after it succeeded. */
@Injectable()
export class EvseStatusConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EvseStatusConsumer.name);
  private readonly consumer: Consumer;

  constructor(
    kafka: Kafka,
    settings: GirevePushSettings,
    private readonly topics: TopicAdminService,
    private readonly pushService: EvseStatusPushService,
  ) {
    this.consumer = kafka.consumer({ groupId: settings.KAFKA_CONSUMER_GROUP });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.topics.ensureTopics();
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: TOPICS.evseStatus, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        const event = decodeMessage(EvseStatusEventV1, message.value);
        const correlationId = message.headers?.['x-correlation-id']?.toString();
        const result = await this.pushService.push(event, correlationId);
        this.logger.debug({ event_id: event.event_id, result }, 'status event handled');
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer.disconnect();
  }
}
