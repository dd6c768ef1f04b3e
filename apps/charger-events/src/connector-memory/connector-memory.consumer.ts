import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ConnectorMemoryV1, decodeMessage, TOPICS, TopicAdminService } from '@app/messaging';
import type { ReadinessIndicator } from '@app/platform';
import { HealthIndicatorService } from '@nestjs/terminus';
import { type Batch, Kafka } from 'kafkajs';
import { ConnectorStatusMemory } from './connector-status-memory';
import { CompactedTopicFollower } from '../topic-follower/compacted-topic-follower';

/**
 * Restores the connector memory (OCPP 1.6 own statuses, OCPP 2.0.1
 * connectors) from its compacted topic at start, then follows it, so what
 * other replicas saw merges in (newest time wins). Until the topic is read,
 * OCPP events get 503: a fold from a partial view would publish a wrong status.
 */
@Injectable()
export class ConnectorMemoryConsumer implements OnApplicationBootstrap, OnModuleDestroy, ReadinessIndicator {
  private readonly logger = new Logger(ConnectorMemoryConsumer.name);
  private readonly follower: CompactedTopicFollower;
  private restored = 0;

  constructor(
    kafka: Kafka,
    topics: TopicAdminService,
    private readonly health: HealthIndicatorService,
    readonly memory: ConnectorStatusMemory,
  ) {
    this.follower = new CompactedTopicFollower(
      kafka,
      topics,
      TOPICS.connectorMemory,
      'charger-events-connector-memory',
      this.logger,
      (batch) => this.apply(batch),
      () => this.logger.log({ messages: this.restored }, 'connector memory restored from its topic'),
    );
  }

  get loaded(): boolean {
    return this.follower.loaded;
  }

  check() {
    const indicator = this.health.check('connector_memory');
    return this.loaded ? indicator.up() : indicator.down({ message: 'reading the connector-memory topic' });
  }

  onApplicationBootstrap(): void {
    this.follower.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.follower.stop();
  }

  private apply(batch: Batch): void {
    for (const message of batch.messages) {
      if (message.value === null) continue;
      try {
        this.memory.restore(decodeMessage(ConnectorMemoryV1, message.value));
        this.restored++;
      } catch (error) {
        this.logger.error({ err: error, key: message.key?.toString('utf8'), offset: message.offset }, 'skipped an invalid connector-memory message');
      }
    }
  }
}
