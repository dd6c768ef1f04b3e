import { Controller, Logger } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { decodeMessage, EvseStatusEventV1, InvalidMessageError, KAFKA_BATCH_TRANSPORT, TOPICS } from '@app/messaging';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Batch } from 'kafkajs';
import type { Counter } from 'prom-client';
import { LOCATIONS_METRICS, type StatusEventResult } from '../metrics/locations-metrics';
import { EvseStatusService } from './evse-status.service';

/**
 * Applies each batch of ocpi.evse-status.v1 in one transaction; the transport
 * commits it only once this returns. An event that breaks its contract is
 * logged and skipped (it can never apply), never thrown: a throw would deliver
 * the batch again, forever.
 */
@Controller()
export class EvseStatusController {
  private readonly logger = new Logger(EvseStatusController.name);

  constructor(
    private readonly statuses: EvseStatusService,
    @InjectMetric(LOCATIONS_METRICS.statusEvents) private readonly events: Counter<'result'>,
  ) {}

  @EventPattern(TOPICS.evseStatus, KAFKA_BATCH_TRANSPORT)
  async apply(batch: Batch): Promise<void> {
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
  }
}
