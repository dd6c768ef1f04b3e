import { Controller, Logger } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { decodeMessage, EvseStatusEventV1, KAFKA_BATCH_TRANSPORT, KafkaBatchServer, LocationChangedV1, traceContextOf, TOPICS } from '@app/messaging';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Batch, KafkaMessage } from 'kafkajs';
import type { Counter, Gauge } from 'prom-client';
import { type ConsumedStatus, EvseStatusOutboxService } from '../evse-status/evse-status-outbox.service';
import { type ConsumedLocation, LocationOutboxService } from '../locations/location-outbox.service';
import { PUSH_METRICS } from '../metrics/push-metrics';
import { PushWorkerService } from '../worker/push-worker.service';

/**
 * Stores each batch of the status and Locations topics in its outbox (one
 * statement per batch); the transport commits the batch only once this
 * returns, so a crash replays it, which changes nothing the second time. A
 * message that breaks its contract is counted, logged and skipped, never
 * thrown: a throw would deliver the batch again, forever.
 */
@Controller()
export class IntakeController {
  private readonly logger = new Logger(IntakeController.name);

  constructor(
    intake: KafkaBatchServer,
    private readonly statuses: EvseStatusOutboxService,
    private readonly locations: LocationOutboxService,
    private readonly worker: PushWorkerService,
    @InjectMetric(PUSH_METRICS.consumerLag) private readonly lag: Gauge<'topic' | 'partition'>,
    @InjectMetric(PUSH_METRICS.invalidMessages) private readonly invalid: Counter<'topic'>,
  ) {
    // Partitions move on a rebalance: drop the lag of those this replica may no longer own.
    intake.on('consumer.group_join', () => this.lag.reset());
  }

  @EventPattern(TOPICS.evseStatus, KAFKA_BATCH_TRANSPORT)
  async evseStatuses(batch: Batch): Promise<void> {
    // The store may have leased what it made due itself: then no claim needs to follow.
    const claimNeeded = await this.statuses.record(
      this.decode(batch, EvseStatusEventV1, (event, correlationId, offset, message): ConsumedStatus => ({
        event,
        correlationId,
        traceContext: traceContextOf(message.headers),
        partition: batch.partition,
        offset,
      })),
    );
    this.stored(batch, claimNeeded);
  }

  @EventPattern(TOPICS.locations, KAFKA_BATCH_TRANSPORT)
  async locationChanges(batch: Batch): Promise<void> {
    await this.locations.record(this.decode(batch, LocationChangedV1, (change, correlationId): ConsumedLocation => ({ change, correlationId })));
    this.stored(batch);
  }

  private stored(batch: Batch, claimNeeded = true): void {
    this.lag.set({ topic: batch.topic, partition: String(batch.partition) }, Number(batch.offsetLag()));
    if (claimNeeded) this.worker.wake(batch.topic);
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
