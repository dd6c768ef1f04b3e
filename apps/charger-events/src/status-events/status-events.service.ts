import { HttpException, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { KafkaAckClient, TOPICS, type OutgoingMessage, type StatusSource } from '@app/messaging';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Histogram } from 'prom-client';
import { lastValueFrom } from 'rxjs';
import { ChargerEventsSettings } from '../charger-events.settings';
import { ConnectorMemoryConsumer } from '../connector-memory/connector-memory.consumer';
import { EvseRegistryConsumer } from '../evse-registry/evse-registry.consumer';
import { INGEST_METRICS } from '../metrics/ingest-metrics';
import { buildOcppStatusTable } from '../status-mapping/ocpp-status-table';
import { type Interpretation, type KeyedStatusEvent, type Rejection, StatusInterpreter } from './status-interpreter';
import { UnboundChargerGrace } from './unbound-charger-grace';

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
  private readonly grace: UnboundChargerGrace;

  constructor(
    private readonly kafka: KafkaAckClient,
    private readonly registry: EvseRegistryConsumer,
    private readonly connectorMemory: ConnectorMemoryConsumer,
    private readonly settings: ChargerEventsSettings,
    @InjectMetric(INGEST_METRICS.accepted) private readonly accepted: Counter<'source'>,
    @InjectMetric(INGEST_METRICS.rejected) private readonly rejected: Counter<'source' | 'reason'>,
    @InjectMetric(INGEST_METRICS.unavailable) private readonly unavailable: Counter<'cause'>,
    @InjectMetric(INGEST_METRICS.kafkaAck) private readonly kafkaAck: Histogram,
  ) {
    this.interpreter = new StatusInterpreter(
      registry.registry,
      {
        countryCode: settings.CPO_COUNTRY_CODE,
        partyId: settings.CPO_PARTY_ID,
        table: buildOcppStatusTable(settings.OCPP_STATUS_OVERRIDES),
        maxClockAheadMs: settings.MAX_CLOCK_AHEAD_S * 1000,
        maxEventAgeMs: settings.MAX_EVENT_AGE_S * 1000,
      },
      connectorMemory.memory,
    );
    this.grace = new UnboundChargerGrace(settings.UNBOUND_CHARGER_GRACE_S * 1000);
  }

  /** One event: resolves with its event ids (several for an OCPP 1.6 connector 0), or throws the HTTP error to answer. */
  async acceptOne(source: StatusSource, body: unknown, correlationId: string): Promise<string[]> {
    this.requireRegistry();
    this.requireMemory(source);
    const interpretation = this.interpret(source, body, Date.now());
    if (!interpretation.ok) {
      if (interpretation.rejection.reason === 'charger_not_bound_yet') {
        this.unavailable.inc({ cause: 'charger_not_bound_yet' });
        throw new HttpException({ statusCode: 503, error: interpretation.rejection.reason, message: interpretation.rejection.message }, HttpStatus.SERVICE_UNAVAILABLE);
      }
      this.rejected.inc({ source, reason: interpretation.rejection.reason });
      const status = interpretation.rejection.reason === 'invalid' ? HttpStatus.BAD_REQUEST : HttpStatus.UNPROCESSABLE_ENTITY;
      throw new HttpException({ statusCode: status, error: interpretation.rejection.reason, ...interpretation.rejection }, status);
    }
    const headers = { 'x-correlation-id': correlationId };
    await this.publish(source, correlationId, toMessages(interpretation.events, headers), this.memoryMessages(interpretation.remembered, headers));
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
    this.requireMemory(source);
    const { result, messages, remembered } = this.judge(source, events, correlationId);
    const answer = render(result);
    if (messages.length === 0) return Promise.resolve(answer);
    return this.publish(source, correlationId, messages, this.memoryMessages(remembered, { 'x-correlation-id': correlationId })).then(() => answer);
  }

  /** Each event of a batch interpreted: its result, and the messages of the accepted ones. */
  private judge(source: StatusSource, events: unknown[], correlationId: string): { result: BatchResult; messages: OutgoingMessage[]; remembered: Set<string> | undefined } {
    const receivedAt = Date.now();
    const headers = { 'x-correlation-id': correlationId };
    const results: BatchItemResult[] = [];
    const messages: OutgoingMessage[] = [];
    let accepted = 0;
    let remembered: Set<string> | undefined;
    events.forEach((event, index) => {
      const interpretation = this.interpret(source, event, receivedAt);
      if (interpretation.ok) {
        accepted++;
        if (interpretation.remembered !== undefined) (remembered ??= new Set()).add(interpretation.remembered);
        messages.push(...toMessages(interpretation.events, headers));
        results.push({ index, status: 'accepted', event_ids: eventIds(interpretation.events) });
      } else {
        this.rejected.inc({ source, reason: interpretation.rejection.reason });
        results.push({ index, status: 'rejected', ...interpretation.rejection });
      }
    });
    return { result: { accepted, rejected: results.length - accepted, results }, messages, remembered };
  }

  private interpret(source: StatusSource, body: unknown, receivedAt: number): Interpretation {
    if (source === 'ocpi') return this.interpreter.native(body, receivedAt);
    const interpretation = source === 'ocpp16' ? this.interpreter.ocpp16(body, receivedAt) : this.interpreter.ocpp201(body, receivedAt);
    if (interpretation.ok || interpretation.rejection.reason !== 'unknown_charger') return interpretation;
    const chargerId = (body as { charge_point_id?: string; station_id?: string }).charge_point_id ?? (body as { station_id?: string }).station_id ?? '';
    if (!this.grace.inGrace(chargerId)) return interpretation;
    const message = `charger ${chargerId} is not bound to any EVSE yet; retry: a new binding may still be on its way to the registry`;
    return { ok: false, rejection: { reason: 'charger_not_bound_yet', message } };
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

  /** OCPP folds need the whole connector memory: until it is restored from its topic, ask to retry. */
  private requireMemory(source: StatusSource): void {
    if (source === 'ocpi' || this.connectorMemory.loaded) return;
    this.unavailable.inc({ cause: 'memory_loading' });
    throw new HttpException({ statusCode: 503, error: 'memory_loading', message: 'the connector memory is still being restored; retry shortly' }, HttpStatus.SERVICE_UNAVAILABLE);
  }

  /** The whole memory of each EVSE the events changed, for its compacted topic (newest last wins). */
  private memoryMessages(keys: Iterable<string> | string | undefined, headers: Record<string, string>): OutgoingMessage[] {
    if (keys === undefined) return [];
    const list = typeof keys === 'string' ? [keys] : [...keys];
    return list.map((key) => ({ key, value: JSON.stringify(this.connectorMemory.memory.snapshot(key)), headers }));
  }

  /**
   * The events reach the consumers as built here from validated input: they
   * are not re-validated against the contract on this hot path (the consumers
   * validate every message; the unit tests hold the interpreter to the contract).
   * Not async, and its callbacks keep only the count: the messages must not
   * outlive their copy to the producer.
   */
  private publish(source: StatusSource, correlationId: string, messages: OutgoingMessage[], memory: OutgoingMessage[]): Promise<void> {
    const count = messages.length;
    const stopTimer = this.kafkaAck.startTimer();
    // Each list is one publish; queued together, they share a produce request. The answer waits for both (each times out after KAFKA_ACK_TIMEOUT_MS).
    const published = lastValueFrom(this.kafka.emit(TOPICS.evseStatus, messages), { defaultValue: undefined });
    const sent = memory.length === 0 ? published : Promise.all([published, lastValueFrom(this.kafka.emit(TOPICS.connectorMemory, memory), { defaultValue: undefined })]);
    return sent.then(
      () => {
        stopTimer();
        this.accepted.inc({ source }, count);
      },
      (error: unknown) => {
        stopTimer();
        this.unavailable.inc({ cause: 'kafka' });
        this.logger.error({ err: error, events: count, correlation_id: correlationId }, 'Kafka did not acknowledge; answered 503');
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
