import { Injectable } from '@nestjs/common';
import { EvseStatusEventV1, evseKey, KafkaProducerService, TOPICS, validateMessage } from '@app/messaging';
import { randomUUID } from 'node:crypto';
import { ChargerEventsSettings } from '../charger-events.settings';
import type { NativeStatusEventDto } from './native-status-event.dto';

/** Turns an accepted status change into an EVSE status event on Kafka, keyed by EVSE. */
@Injectable()
export class StatusEventsService {
  constructor(
    private readonly producer: KafkaProducerService,
    private readonly settings: ChargerEventsSettings,
  ) {}

  /** Resolves with the event id once Kafka has acknowledged the event. */
  async acceptNative(dto: NativeStatusEventDto, correlationId: string): Promise<string> {
    const event = validateMessage(EvseStatusEventV1, {
      event_id: randomUUID(),
      country_code: this.settings.CPO_COUNTRY_CODE,
      party_id: this.settings.CPO_PARTY_ID,
      location_id: dto.location_id,
      evse_uid: dto.evse_uid,
      status: dto.status,
      event_time: new Date(dto.timestamp).toISOString(),
      received_at: new Date().toISOString(),
      source: 'ocpi',
    });
    await this.producer.publish(TOPICS.evseStatus, [
      { key: evseKey(event), value: JSON.stringify(event), headers: { 'x-correlation-id': correlationId } },
    ]);
    return event.event_id;
  }
}
