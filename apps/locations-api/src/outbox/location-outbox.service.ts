import { Injectable } from '@nestjs/common';
import { type LocationChange, LocationChangedV1, locationKey, type OcppBindingV1, validateMessage } from '@app/messaging';
import { EventEmitter } from 'node:events';
import type { EntityManager } from 'typeorm';
import type { StoredLocation } from '../location-store/stored-location';

export interface LocationChangeRecord {
  location: StoredLocation;
  change: LocationChange;
  bindings: OcppBindingV1[];
}

/**
 * The write side of the transactional outbox: a LocationChangedV1 row written
 * in the same PostgreSQL transaction as the change it describes, so a
 * committed change always reaches Kafka (LocationOutboxRelay publishes it),
 * even if Kafka was down when it was made.
 */
@Injectable()
export class LocationOutboxService {
  /** Emits 'enqueued' after a commit that added messages, so the relay sends them at once. */
  readonly events = new EventEmitter();

  /** Adds one message per change, in order; call inside the transaction that makes the changes. */
  async enqueue(manager: EntityManager, changes: LocationChangeRecord[], changedAt: Date = new Date()): Promise<void> {
    if (changes.length === 0) return;
    const messages = changes.map(({ location, change, bindings }) =>
      // Validated here too, so a message that breaks its contract fails the change instead of a consumer.
      validateMessage(LocationChangedV1, {
        country_code: location.country_code,
        party_id: location.party_id,
        location_id: location.id,
        change,
        location,
        changed_at: changedAt.toISOString(),
        ocpp_bindings: bindings,
      }),
    );
    await manager.query('INSERT INTO location_outbox (message_key, message) SELECT * FROM unnest($1::text[], $2::jsonb[])', [
      messages.map((message) => locationKey(message)),
      messages.map((message) => JSON.stringify(message)),
    ]);
  }

  /** Tells the relay that committed messages are waiting. */
  committed(): void {
    this.events.emit('enqueued');
  }
}
