import { Inject, Injectable, Logger } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { TOPIC_SPECS } from '../topics';
import { KAFKA_OPTIONS, type KafkaOptions } from './kafka-options';

/** Creates the pipeline's topics with their partition count and cleanup policy (idempotent). */
@Injectable()
export class TopicAdminService {
  private readonly logger = new Logger(TopicAdminService.name);

  constructor(
    private readonly kafka: Kafka,
    @Inject(KAFKA_OPTIONS) private readonly options: KafkaOptions,
  ) {}

  async ensureTopics(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = TOPIC_SPECS.filter((spec) => !existing.has(spec.topic));
      if (missing.length === 0) return;
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((spec) => ({
          topic: spec.topic,
          numPartitions: this.options.topicPartitions,
          configEntries: spec.compacted ? [{ name: 'cleanup.policy', value: 'compact' }] : [],
        })),
      });
      this.logger.log({ topics: missing.map((s) => s.topic), partitions: this.options.topicPartitions }, 'created topics');
    } finally {
      await admin.disconnect();
    }
  }
}
