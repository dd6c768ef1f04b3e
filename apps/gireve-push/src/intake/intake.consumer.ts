import { Injectable, Logger } from '@nestjs/common';
import { decodeMessage, EvseStatusEventV1, LocationChangedV1, traceContextOf, TOPICS, TopicAdminService } from '@app/messaging';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { type Batch, type Consumer, Kafka, type KafkaMessage } from 'kafkajs';
import type { Counter, Gauge } from 'prom-client';
import { type ConsumedStatus, EvseStatusOutboxService } from '../evse-status/evse-status-outbox.service';
import { GirevePushSettings } from '../gireve-push.settings';
import { type ConsumedLocation, LocationOutboxService } from '../locations/location-outbox.service';
import { PUSH_METRICS } from '../metrics/push-metrics';

export interface IntakeListener {
  /** Called after a batch was stored in an outbox, so its dispatcher starts at once. */
  stored(topic: string): void;
}

/**
 * Reads the status and Locations topics and stores each batch in its outbox
 * (one statement per batch); offsets are committed only after that, so a crash
 * replays the batch, which changes nothing the second time. A message that
 * breaks its contract is counted, logged and skipped: it can never block a partition.
 */
@Injectable()
export class IntakeConsumer {
  private readonly logger = new Logger(IntakeConsumer.name);
  private readonly consumer: Consumer;
  private readonly heartbeatMs: number;

  constructor(
    kafka: Kafka,
    settings: GirevePushSettings,
    private readonly topics: TopicAdminService,
    private readonly statuses: EvseStatusOutboxService,
    private readonly locations: LocationOutboxService,
    @InjectMetric(PUSH_METRICS.consumerLag) private readonly lag: Gauge<'topic' | 'partition'>,
    @InjectMetric(PUSH_METRICS.invalidMessages) private readonly invalid: Counter<'topic'>,
  ) {
    this.heartbeatMs = Math.floor(settings.KAFKA_SESSION_TIMEOUT_MS / 5);
    this.consumer = kafka.consumer({
      groupId: settings.KAFKA_CONSUMER_GROUP,
      sessionTimeout: settings.KAFKA_SESSION_TIMEOUT_MS,
      heartbeatInterval: this.heartbeatMs,
      maxWaitTimeInMs: 1000,
    });
    // Partitions move on a rebalance: drop the lag of those this replica may no longer own.
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => this.lag.reset());
  }

  async start(listener: IntakeListener): Promise<void> {
    await this.topics.ensureTopics();
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [TOPICS.evseStatus, TOPICS.locations], fromBeginning: true });
    await this.consumer.run({
      partitionsConsumedConcurrently: 4,
      eachBatch: async ({ batch, heartbeat }) => {
        // Heartbeats while the batch is stored: a slow database must not cost the group its members.
        const beating = setInterval(() => heartbeat().catch(() => undefined), this.heartbeatMs);
        try {
          await this.store(batch);
        } finally {
          clearInterval(beating);
        }
        this.lag.set({ topic: batch.topic, partition: String(batch.partition) }, Number(batch.offsetLag()));
        listener.stored(batch.topic);
      },
    });
  }

  /** Finishes the batch in progress, commits its offsets and leaves the group. */
  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }

  private async store(batch: Batch): Promise<void> {
    if (batch.topic === TOPICS.evseStatus) {
      await this.statuses.record(
        this.decode(batch, EvseStatusEventV1, (event, correlationId, offset, message): ConsumedStatus => ({ event, correlationId, traceContext: traceContextOf(message.headers), partition: batch.partition, offset })),
      );
    } else if (batch.topic === TOPICS.locations) {
      await this.locations.record(this.decode(batch, LocationChangedV1, (change, correlationId): ConsumedLocation => ({ change, correlationId })));
    }
  }

  private decode<C extends object, T>(batch: Batch, contract: new () => C, wrap: (message: C, correlationId: string | null, offset: string, kafkaMessage: KafkaMessage) => T): T[] {
    const decoded: T[] = [];
    for (const message of batch.messages) {
      if (message.value === null && batch.topic === TOPICS.locations) continue; // a compaction tombstone: nothing to push
      try {
        decoded.push(wrap(decodeMessage(contract, message.value), correlationIdOf(message), message.offset, message));
      } catch (error) {
        this.invalid.inc({ topic: batch.topic });
        this.logger.error(
          { topic: batch.topic, partition: batch.partition, offset: message.offset, reason: error instanceof Error ? error.message : String(error) },
          'skipped a message that breaks its contract',
        );
      }
    }
    return decoded;
  }
}

function correlationIdOf(message: KafkaMessage): string | null {
  const header = message.headers?.['x-correlation-id'];
  const value = Array.isArray(header) ? header[0] : header;
  return value === undefined ? null : value.toString().slice(0, 100);
}
