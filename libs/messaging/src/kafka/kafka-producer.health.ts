import { Inject, Injectable } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import { KAFKA_OPTIONS, type KafkaOptions } from './kafka-options';
import { KafkaProducerService } from './kafka-producer.service';

const PING_TIMEOUT_MS = 1500;

/**
 * Readiness of the producer itself, not of a separate admin client: its own
 * connections must reach a leader for every partition of the topics the app
 * writes. The last failed publish is shown beside it, for whoever reads the probe.
 */
@Injectable()
export class KafkaProducerHealthIndicator {
  constructor(
    private readonly producer: KafkaProducerService,
    @Inject(KAFKA_OPTIONS) private readonly options: KafkaOptions,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    const lastFailure = this.producer.lastFailure;
    const details = lastFailure ? { last_failure: lastFailure.message, last_failure_at: lastFailure.at.toISOString() } : {};
    try {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS);
      });
      await Promise.race([this.producer.ping(this.options.producedTopics ?? []), timeout]).finally(() => clearTimeout(timer));
      return { kafka_producer: { status: 'up', ...details } };
    } catch (error) {
      return { kafka_producer: { status: 'down', message: error instanceof Error ? error.message : String(error), ...details } };
    }
  }
}
