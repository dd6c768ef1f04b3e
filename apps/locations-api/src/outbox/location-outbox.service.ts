import { Injectable } from '@nestjs/common';
import { type LocationChange, LocationChangedV1, locationKey, type OcppBindingV1, validateMessage } from '@app/messaging';
import { EventEmitter } from 'node:events';
import type { EntityManager } from 'typeorm';
import { SAME_LOCATION_SQL, type StoredLocation } from '../location-store/stored-location';

export interface LocationChangeRecord {
  location: StoredLocation;
  change: LocationChange;
  bindings: OcppBindingV1[];
  /** Already counted: a Location inserted by this transaction with its first revision. */
  revision?: number;
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

  /**
   * Adds one message per change, in order; call inside the transaction that
   * makes the changes, with their Locations' rows locked (written or FOR UPDATE),
   * so the revisions counted here follow the order the changes commit in. Each
   * message carries its Location as stored by then (each change's Location is
   * the one written): PostgreSQL copies it from the row, so it is not sent twice.
   */
  async enqueue(manager: EntityManager, changes: LocationChangeRecord[], changedAt: Date = new Date()): Promise<void> {
    if (changes.length === 0) return;
    const counted = await nextRevisions(
      manager,
      changes.filter((c) => c.revision === undefined).map(({ location }) => location),
    );
    let nextCounted = 0;
    const messages = changes.map(({ location, change, bindings, revision }) => {
      // Validated here too, so a message that breaks its contract fails the change instead of a consumer. The
      // Location itself was validated by OcpiLocationFormat; PostgreSQL copies it in from its row (below).
      return validateMessage(LocationChangedV1, {
        country_code: location.country_code,
        party_id: location.party_id,
        location_id: location.id,
        change,
        location: {},
        changed_at: changedAt.toISOString(),
        revision: revision ?? counted[nextCounted++]!,
        ocpp_bindings: bindings,
      });
    });
    // In order (the relay publishes by outbox sequence); the messages as one JSON array (see LocationStoreService.insert).
    const written: unknown[] = await manager.query(
      // In a CTE, so the driver returns the rows.
      `WITH written AS (
         INSERT INTO location_outbox (message_key, message)
         SELECT k.message_key, jsonb_set(m.message, '{location}', l.body)
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS k(message_key, country_code, party_id, id, n)
           JOIN jsonb_array_elements($5::jsonb) WITH ORDINALITY AS m(message, n) USING (n)
           JOIN locations l ON ${SAME_LOCATION_SQL}
         ORDER BY n
         RETURNING 1)
       SELECT * FROM written`,
      [
        messages.map((message) => locationKey(message)),
        changes.map(({ location }) => location.country_code),
        changes.map(({ location }) => location.party_id),
        changes.map(({ location }) => location.id),
        JSON.stringify(messages),
      ],
    );
    if (written.length !== changes.length) throw new Error(`${changes.length - written.length} change messages without their stored Location`);
  }

  /** Tells the relay that committed messages are waiting. */
  committed(): void {
    this.events.emit('enqueued');
  }
}

/** Counts up each Location's revision once per change, and gives each change its own, in order. */
async function nextRevisions(manager: EntityManager, locations: StoredLocation[]): Promise<number[]> {
  if (locations.length === 0) return [];
  const counts = new Map<string, { location: StoredLocation; n: number }>();
  for (const location of locations) {
    const key = locationKey({ ...location, location_id: location.id });
    counts.set(key, { location, n: (counts.get(key)?.n ?? 0) + 1 });
  }
  const entries = [...counts.values()];
  const rows: { country_code: string; party_id: string; id: string; revision: string }[] = await manager.query(
    // In a CTE, so the driver returns the rows (a bare UPDATE answers [rows, count]).
    `WITH counted AS (
       UPDATE locations l SET revision = l.revision + k.n
       FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) AS k(country_code, party_id, id, n)
       WHERE ${SAME_LOCATION_SQL}
       RETURNING l.country_code, l.party_id, l.id, l.revision)
     SELECT * FROM counted`,
    [entries.map((e) => e.location.country_code), entries.map((e) => e.location.party_id), entries.map((e) => e.location.id), entries.map((e) => e.n)],
  );
  // The newest revision of each Location, handed out backwards from the last change.
  const next = new Map(rows.map((row) => [locationKey({ ...row, location_id: row.id }), Number(row.revision)]));
  const revisions = locations.map(() => 0);
  for (let index = locations.length - 1; index >= 0; index -= 1) {
    const key = locationKey({ ...locations[index]!, location_id: locations[index]!.id });
    const revision = next.get(key);
    if (revision === undefined) throw new Error(`no stored Location ${key} for its change message`);
    revisions[index] = revision;
    next.set(key, revision - 1);
  }
  return revisions;
}
