import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { decodeMessage, EvseStatusEventV1, InvalidMessageError, TOPICS, TopicAdminService } from '@app/messaging';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { type Consumer, type EachBatchPayload, Kafka } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Counter } from 'prom-client';
import { LocationsApiSettings } from '../locations-api.settings';
import { LOCATIONS_METRICS, type StatusEventResult } from '../metrics/locations-metrics';
import { EvseStatusService } from './evse-status.service';

const MAX_BACKOFF_MS = 30_000;

/**
 * Reads ocpi.evse-status.v1 in its own consumer group and applies each batch
 * in one transaction; offsets are committed only after it. An event that
 * breaks its contract is logged and skipped (it can never apply).
 */
@Injectable()
export class EvseStatusConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(EvseStatusConsumer.name);
  private readonly consumer: Consumer;
  private readonly stopping = new AbortController();
  private starting?: Promise<void>;

  constructor(
    kafka: Kafka,
    settings: LocationsApiSettings,
    private readonly topics: TopicAdminService,
    private readonly statuses: EvseStatusService,
    @InjectMetric(LOCATIONS_METRICS.statusEvents) private readonly events: Counter<'result'>,
  ) {
    this.consumer = kafka.consumer({ groupId: settings.KAFKA_CONSUMER_GROUP });
  }

  onApplicationBootstrap(): void {
    // Not awaited: the OCPI sender serves pulls even while Kafka is unreachable.
    this.starting = this.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping.abort();
    await this.starting;
    await this.consumer.disconnect();
  }

  private async start(): Promise<void> {
    for (let backoff = 200; !this.stopping.signal.aborted; backoff = Math.min(backoff * 2, MAX_BACKOFF_MS)) {
      try {
        await this.topics.ensureTopics();
        await this.consumer.connect();
        await this.consumer.subscribe({ topic: TOPICS.evseStatus, fromBeginning: true });
        await this.consumer.run({ eachBatchAutoResolve: false, eachBatch: (payload) => this.handleBatch(payload) });
        return;
      } catch (error) {
        this.logger.warn({ err: error, retry_in_ms: backoff }, 'EVSE status consumer could not start');
        await this.consumer.disconnect().catch(() => undefined);
        await sleep(backoff, undefined, { signal: this.stopping.signal }).catch(() => undefined);
      }
    }
  }

  private async handleBatch({ batch, resolveOffset, heartbeat }: EachBatchPayload): Promise<void> {
    const events: EvseStatusEventV1[] = [];
    for (const message of batch.messages) {
      try {
        events.push(decodeMessage(EvseStatusEventV1, message.value));
      } catch (error) {
        if (!(error instanceof InvalidMessageError)) throw error;
        this.logger.error({ partition: batch.partition, offset: message.offset, problems: error.problems }, 'invalid EVSE status event skipped');
        this.events.inc({ result: 'invalid' satisfies StatusEventResult });
      }
    }
    const result = await this.statuses.apply(events);
    for (const outcome of ['changed', 'unchanged', 'stale', 'unknown'] as const) if (result[outcome] > 0) this.events.inc({ result: outcome }, result[outcome]);
    this.logger.debug({ partition: batch.partition, events: batch.messages.length, ...result }, 'EVSE status batch applied');
    resolveOffset(batch.lastOffset());
    await heartbeat();
  }
}
