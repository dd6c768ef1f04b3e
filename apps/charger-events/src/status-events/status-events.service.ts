import { HttpException, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { KafkaProducerService, TOPICS, type OutgoingMessage, type StatusSource } from '@app/messaging';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Histogram } from 'prom-client';
import { ChargerEventsSettings } from '../charger-events.settings';
import { EvseRegistryConsumer } from '../evse-registry/evse-registry.consumer';
import { INGEST_METRICS } from '../metrics/ingest-metrics';
import { buildOcppStatusTable } from '../status-mapping/ocpp-status-table';
import { type Interpretation, type KeyedStatusEvent, type Rejection, StatusInterpreter } from './status-interpreter';

/** One event's answer inside a batch. */
export type BatchItemResult = { index: number; status: 'accepted'; event_ids: string[] } | ({ index: number; status: 'rejected' } & Rejection);

export interface BatchResult {
  accepted: number;
  rejected: number;
  results: BatchItemResult[];
}

/**
 * Accepts events from the HTTP endpoints: interprets them (StatusInterpreter),
 * publishes the resulting EVSE status events keyed by EVSE, and resolves only
 * once Kafka acknowledged them, so an accepted event is never lost.
 */
@Injectable()
export class StatusEventsService {
  private readonly logger = new Logger(StatusEventsService.name);
  private readonly interpreter: StatusInterpreter;

  constructor(
    private readonly producer: KafkaProducerService,
    private readonly registry: EvseRegistryConsumer,
    private readonly settings: ChargerEventsSettings,
    @InjectMetric(INGEST_METRICS.accepted) private readonly accepted: Counter<'source'>,
    @InjectMetric(INGEST_METRICS.rejected) private readonly rejected: Counter<'source' | 'reason'>,
    @InjectMetric(INGEST_METRICS.unavailable) private readonly unavailable: Counter<'cause'>,
    @InjectMetric(INGEST_METRICS.kafkaAck) private readonly kafkaAck: Histogram,
  ) {
    this.interpreter = new StatusInterpreter(registry.registry, {
      countryCode: settings.CPO_COUNTRY_CODE,
      partyId: settings.CPO_PARTY_ID,
      table: buildOcppStatusTable(settings.OCPP_STATUS_OVERRIDES),
      maxClockAheadMs: settings.MAX_CLOCK_AHEAD_S * 1000,
      maxEventAgeMs: settings.MAX_EVENT_AGE_S * 1000,
    });
  }

  /** One event: resolves with its event ids (several for an OCPP 1.6 connector 0), or throws the HTTP error to answer. */
  async acceptOne(source: StatusSource, body: unknown, correlationId: string): Promise<string[]> {
    this.requireRegistry();
    const interpretation = this.interpret(source, body, Date.now());
    if (!interpretation.ok) {
      this.rejected.inc({ source, reason: interpretation.rejection.reason });
      const status = interpretation.rejection.reason === 'invalid' ? HttpStatus.BAD_REQUEST : HttpStatus.UNPROCESSABLE_ENTITY;
      throw new HttpException({ statusCode: status, error: interpretation.rejection.reason, ...interpretation.rejection }, status);
    }
    await this.publish(source, toMessages(interpretation.events, { 'x-correlation-id': correlationId }));
    return eventIds(interpretation.events);
  }

  /**
   * A batch: each event is judged on its own; the accepted ones are published
   * together. The answer is rendered (`render`) before Kafka is waited for:
   * only what render returns stays alive meanwhile, not the events and results
   * of every batch in flight, which each young-generation GC would copy.
   * Throws the HTTP error to answer when the batch itself is unacceptable.
   */
  acceptBatch<T>(source: StatusSource, body: unknown, correlationId: string, render: (result: BatchResult) => T): Promise<T> {
    const events = this.batchEvents(body);
    this.requireRegistry();
    const { result, messages } = this.judge(source, events, correlationId);
    const answer = render(result);
    if (messages.length === 0) return Promise.resolve(answer);
    return this.publish(source, messages).then(() => answer);
  }

  /** Each event of a batch interpreted: its result, and the messages of the accepted ones. */
  private judge(source: StatusSource, events: unknown[], correlationId: string): { result: BatchResult; messages: OutgoingMessage[] } {
    const receivedAt = Date.now();
    const headers = { 'x-correlation-id': correlationId };
    const results: BatchItemResult[] = [];
    const messages: OutgoingMessage[] = [];
    let accepted = 0;
    events.forEach((event, index) => {
      const interpretation = this.interpret(source, event, receivedAt);
      if (interpretation.ok) {
        accepted++;
        messages.push(...toMessages(interpretation.events, headers));
        results.push({ index, status: 'accepted', event_ids: eventIds(interpretation.events) });
      } else {
        this.rejected.inc({ source, reason: interpretation.rejection.reason });
        results.push({ index, status: 'rejected', ...interpretation.rejection });
      }
    });
    return { result: { accepted, rejected: results.length - accepted, results }, messages };
  }

  private interpret(source: StatusSource, body: unknown, receivedAt: number): Interpretation {
    if (source === 'ocpp16') return this.interpreter.ocpp16(body, receivedAt);
    if (source === 'ocpp201') return this.interpreter.ocpp201(body, receivedAt);
    return this.interpreter.native(body, receivedAt);
  }

  private batchEvents(body: unknown): unknown[] {
    const events = typeof body === 'object' && body !== null ? (body as { events?: unknown }).events : undefined;
    if (!Array.isArray(events) || events.length === 0) {
      throw new HttpException({ statusCode: 400, error: 'invalid', message: 'events: must be a non-empty array of events' }, HttpStatus.BAD_REQUEST);
    }
    if (events.length > this.settings.MAX_BATCH_EVENTS) {
      throw new HttpException(
        { statusCode: 400, error: 'invalid', message: `events: at most ${this.settings.MAX_BATCH_EVENTS} events per batch (got ${events.length})` },
        HttpStatus.BAD_REQUEST,
      );
    }
    return events;
  }

  /** Until the registry has read the whole Locations topic, "unknown EVSE" could be wrong: ask to retry instead. */
  private requireRegistry(): void {
    if (this.registry.loaded) return;
    this.unavailable.inc({ cause: 'registry_loading' });
    throw new HttpException({ statusCode: 503, error: 'registry_loading', message: 'the EVSE registry is still loading; retry shortly' }, HttpStatus.SERVICE_UNAVAILABLE);
  }

  /**
   * The events reach the consumers as built here from validated input: they
   * are not re-validated against the contract on this hot path (the consumers
   * validate every message; the unit tests hold the interpreter to the contract).
   * Not async, and its callbacks keep only the count: the messages must not
   * outlive their copy to the producer.
   */
  private publish(source: StatusSource, messages: OutgoingMessage[]): Promise<void> {
    const count = messages.length;
    const stopTimer = this.kafkaAck.startTimer();
    return this.producer.publish(TOPICS.evseStatus, messages, { timeoutMs: this.settings.KAFKA_ACK_TIMEOUT_MS }).then(
      () => {
        stopTimer();
        this.accepted.inc({ source }, count);
      },
      (error: unknown) => {
        stopTimer();
        this.unavailable.inc({ cause: 'kafka' });
        this.logger.error({ err: error, events: count }, 'Kafka did not acknowledge; answered 503');
        throw new HttpException(
          { statusCode: 503, error: 'kafka_unavailable', message: 'Kafka did not acknowledge the events: they are not accepted; retry' },
          HttpStatus.SERVICE_UNAVAILABLE,
        );
      },
    );
  }
}

function toMessages(events: KeyedStatusEvent[], headers: Record<string, string>): OutgoingMessage[] {
  return events.map(({ key, event }) => ({ key, value: JSON.stringify(event), headers }));
}

function eventIds(events: KeyedStatusEvent[]): string[] {
  return events.map(({ event }) => event.event_id);
}
