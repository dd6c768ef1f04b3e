import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { decodeMessage, LocationChangedV1, TOPICS, TopicAdminService } from '@app/messaging';
import type { ReadinessIndicator } from '@app/platform';
import { HealthIndicatorService } from '@nestjs/terminus';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { type Batch, type Consumer, Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Gauge } from 'prom-client';
import { INGEST_METRICS } from '../metrics/ingest-metrics';
import { EvseRegistry } from './evse-registry';

const MAX_BACKOFF_MS = 30_000;
/**
 * How long a shutdown waits to leave the consumer group. The group is this
 * replica's alone and never reused: after a broker outage, leaving can wait on
 * a rejoin that waits, in turn, for the member lost in the outage to time out
 * (~30 s), past Kubernetes' grace period.
 */
const LEAVE_GROUP_GRACE_MS = 3_000;

/**
 * Keeps the EvseRegistry equal to the compacted Locations topic: every replica
 * reads the whole topic (a group of its own that never commits, so each start
 * rebuilds from the beginning) and then follows it live. Until it has read up
 * to the end offsets it saw at start, the registry is `loading`: readiness is
 * down and events get 503, never a wrong "unknown EVSE".
 */
@Injectable()
export class EvseRegistryConsumer implements OnApplicationBootstrap, OnModuleDestroy, ReadinessIndicator {
  private readonly logger = new Logger(EvseRegistryConsumer.name);
  private readonly consumer: Consumer;
  private readonly stopping = new AbortController();
  private starting?: Promise<void>;
  /** Partition → offset to reach before the registry counts as loaded; emptied as they are reached. */
  private pending?: Map<number, bigint>;

  constructor(
    private readonly kafka: Kafka,
    private readonly topics: TopicAdminService,
    private readonly health: HealthIndicatorService,
    readonly registry: EvseRegistry,
    @InjectMetric(INGEST_METRICS.registryLocations) private readonly locations: Gauge,
  ) {
    this.consumer = kafka.consumer({ groupId: `charger-events-registry-${randomUUID()}`, maxWaitTimeInMs: 500 });
  }

  get loaded(): boolean {
    return this.pending?.size === 0;
  }

  check() {
    const indicator = this.health.check('evse_registry');
    return this.loaded ? indicator.up({ locations: this.registry.locationCount }) : indicator.down({ message: 'reading the Locations topic' });
  }

  onApplicationBootstrap(): void {
    // Not awaited: the app answers health checks (and 503s) while Kafka is unreachable.
    this.starting = this.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping.abort();
    await this.starting;
    await Promise.race([this.consumer.disconnect(), sleep(LEAVE_GROUP_GRACE_MS, undefined, { ref: false })]);
  }

  private async start(): Promise<void> {
    for (let backoff = 200; !this.stopping.signal.aborted; backoff = Math.min(backoff * 2, MAX_BACKOFF_MS)) {
      try {
        await this.topics.ensureTopics();
        this.pending = await this.endOffsets();
        await this.consumer.connect();
        await this.consumer.subscribe({ topic: TOPICS.locations, fromBeginning: true });
        await this.consumer.run({ autoCommit: false, eachBatch: async ({ batch }) => this.apply(batch) });
        if (this.loaded) this.logger.log('EVSE registry loaded: the Locations topic is empty');
        return;
      } catch (error) {
        this.logger.warn({ err: error, retry_in_ms: backoff }, 'EVSE registry could not start reading the Locations topic');
        await this.consumer.disconnect().catch(() => undefined);
        await sleep(backoff, undefined, { signal: this.stopping.signal }).catch(() => undefined);
      }
    }
  }

  private async endOffsets(): Promise<Map<number, bigint>> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(TOPICS.locations);
      // The last message of a partition is at high - 1; an empty partition has nothing to wait for.
      return new Map(offsets.filter(({ high, low }) => BigInt(high) > BigInt(low)).map(({ partition, high }) => [partition, BigInt(high) - 1n]));
    } finally {
      await admin.disconnect();
    }
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
    this.markRead(batch.partition, BigInt(batch.lastOffset()));
  }

  private markRead(partition: number, offset: bigint): void {
    const target = this.pending?.get(partition);
    if (target === undefined || offset < target) return;
    this.pending!.delete(partition);
    if (this.loaded) this.logger.log({ locations: this.registry.locationCount }, 'EVSE registry loaded from the Locations topic');
  }
}
