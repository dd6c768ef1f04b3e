import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { decodeMessage, LocationChangedV1, TOPICS, TopicAdminService } from '@app/messaging';
import type { ReadinessIndicator } from '@app/platform';
import { HealthIndicatorService } from '@nestjs/terminus';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { type Batch, Kafka } from 'kafkajs';
import type { Gauge } from 'prom-client';
import { INGEST_METRICS } from '../metrics/ingest-metrics';
import { CompactedTopicFollower } from '../topic-follower/compacted-topic-follower';
import { EvseRegistry } from './evse-registry';

/**
 * Keeps the EvseRegistry equal to the compacted Locations topic: every replica
 * reads the whole topic and then follows it live (CompactedTopicFollower).
 * Until it has read up to the end offsets it saw at start, the registry is
 * `loading`: readiness is down and events get 503, never a wrong "unknown EVSE".
 */
@Injectable()
export class EvseRegistryConsumer implements OnApplicationBootstrap, OnModuleDestroy, ReadinessIndicator {
  private readonly logger = new Logger(EvseRegistryConsumer.name);
  private readonly follower: CompactedTopicFollower;

  constructor(
    kafka: Kafka,
    topics: TopicAdminService,
    private readonly health: HealthIndicatorService,
    readonly registry: EvseRegistry,
    @InjectMetric(INGEST_METRICS.registryLocations) private readonly locations: Gauge,
  ) {
    this.follower = new CompactedTopicFollower(
      kafka,
      topics,
      TOPICS.locations,
      'charger-events-registry',
      this.logger,
      (batch) => this.apply(batch),
      () => this.logger.log({ locations: this.registry.locationCount }, 'EVSE registry loaded from the Locations topic'),
    );
  }

  get loaded(): boolean {
    return this.follower.loaded;
  }

  check() {
    const indicator = this.health.check('evse_registry');
    return this.loaded ? indicator.up({ locations: this.registry.locationCount }) : indicator.down({ message: 'reading the Locations topic' });
  }

  onApplicationBootstrap(): void {
    this.follower.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.follower.stop();
  }

  private apply(batch: Batch): void {
    for (const message of batch.messages) {
      const key = message.key?.toString('utf8') ?? '';
      try {
        if (message.value === null) this.registry.remove(key);
        else this.registry.apply(decodeMessage(LocationChangedV1, message.value));
      } catch (error) {
        // A message that breaks its contract can never apply; it must not stop the registry.
        this.logger.error({ err: error, key, offset: message.offset }, 'skipped an invalid Locations message');
      }
    }
    this.locations.set(this.registry.locationCount);
  }
}
