import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { OcppBindingV1 } from '@app/messaging';
import { EvseStatus } from '@app/ocpi';
import { DataSource, type EntityManager } from 'typeorm';
import { LocationsApiSettings } from '../locations-api.settings';
import { LocationOutboxService } from '../outbox/location-outbox.service';
import { type LocationError, OcpiLocationFormat } from './ocpi-location-format';
import { mergeLocationPatch, reviseLocation } from './location-revision';
import { lockedChangeStamp } from './last-updated-barrier';
import { sameId, type StoredLocation } from './stored-location';
import type { WriteTurn } from './write-turn';

export type SaveOutcome = 'created' | 'replaced' | 'unchanged' | 'exists';

/** The stored Location is not there (or, for an EVSE, the EVSE is not). */
export class LocationNotFoundError extends Error {}

/** The result of a change is not a valid Location, or bindings that do not fit it: every problem listed. */
export class LocationRejectedError extends Error {
  constructor(readonly errors: LocationError[]) {
    super(`rejected: ${errors.map((e) => `${e.path}: ${e.reason}`).join('; ')}`);
  }
}

/** The change collides with another: an OCPP binding already used by another EVSE, or a Location created concurrently. */
export class LocationConflictError extends Error {}

interface SavePlan {
  /** Per Location given, in order. */
  outcomes: SaveOutcome[];
  /** New Locations, stamped, with their index in the call. */
  created: { index: number; location: StoredLocation }[];
  replaced: { seq: string; location: StoredLocation }[];
}

interface LockedRow {
  seq: string;
  body: StoredLocation;
  evse_status_times: Record<string, string>;
}

const UNIQUE_VIOLATION = '23505';

/**
 * A new Location's revision: its creation is its first change, counted by the
 * insert itself (not by the outbox's UPDATE, which would write every new row twice).
 */
const FIRST_REVISION = 1;

/**
 * The system of record of the CPO's Locations. Every change is one
 * transaction that locks the Location rows, stamps last_updated where content
 * changed (see reviseLocation) and writes a LocationChangedV1 to the outbox.
 * An edit that changes nothing writes nothing.
 */
@Injectable()
export class LocationStoreService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: LocationOutboxService,
    private readonly format: OcpiLocationFormat,
    private readonly settings: LocationsApiSettings,
  ) {}

  async get(id: string): Promise<{ location: StoredLocation; ocpp_bindings: OcppBindingV1[] } | undefined> {
    const [row] = await this.locked(this.db.manager, [id], false);
    if (!row) return undefined;
    const bindings = await this.bindings(this.db.manager, [row.seq]);
    return { location: row.body, ocpp_bindings: bindings.get(row.seq) ?? [] };
  }

  /** A page of the Locations, in creation order, after the one with sequence `afterSeq` ('0' for the first page). */
  async page(afterSeq: string, limit: number): Promise<{ locations: StoredLocation[]; last_seq: string | null }> {
    const rows: { seq: string; body: StoredLocation }[] = await this.db.query(
      `SELECT seq, body FROM locations WHERE country_code = $1 AND party_id = $2 AND seq > $3 ORDER BY seq LIMIT $4`,
      [this.settings.CPO_COUNTRY_CODE, this.settings.CPO_PARTY_ID, afterSeq, limit],
    );
    return { locations: rows.map((row) => row.body), last_seq: rows.at(-1)?.seq ?? null };
  }

  /**
   * Creates or replaces valid Locations (ids unique within the call), in one
   * transaction. With `createOnly`, an existing Location is left alone ('exists').
   * With a `turn`, it locks and writes in its place in a chain of writes (see WriteTurn).
   */
  async saveMany(locations: StoredLocation[], { createOnly = false, turn }: { createOnly?: boolean; turn?: WriteTurn } = {}): Promise<SaveOutcome[]> {
    try {
      const outcomes = await this.transaction((manager, stamp) => this.save(manager, stamp, locations, createOnly, turn));
      turn?.committed();
      return outcomes;
    } catch (error) {
      turn?.failed(error);
      throw error;
    }
  }

  private async save(manager: EntityManager, stamp: string, locations: StoredLocation[], createOnly: boolean, turn: WriteTurn | undefined): Promise<SaveOutcome[]> {
    await turn?.mayLock();
    const plan = await this.planSave(manager, locations, createOnly, stamp);
    turn?.locked();
    const created = plan.created.map((c) => c.location);
    const createdJson = JSON.stringify(created); // before the wait: off an import's critical path
    await turn?.mayWrite();
    const lost = await this.insert(manager, created, createdJson);
    if (lost.size > 0) {
      // Created by another transaction since we looked; the INSERT waited for it to commit, so they can be read and locked now.
      const late = plan.created.filter((c) => lost.has(c.location.id.toLowerCase()));
      const again = await this.planSave(
        manager,
        late.map((c) => locations[c.index]!),
        createOnly,
        stamp,
      );
      if (again.created.length > 0) throw new LocationConflictError('Location created concurrently; retry');
      late.forEach((c, i) => (plan.outcomes[c.index] = again.outcomes[i]!));
      plan.created = plan.created.filter((c) => !lost.has(c.location.id.toLowerCase()));
      plan.replaced.push(...again.replaced);
    }
    await this.update(manager, plan.replaced);
    const bindings = await this.bindings(
      manager,
      plan.replaced.map((r) => r.seq),
    );
    await this.outbox.enqueue(manager, [
      ...plan.created.map(({ location }) => ({ location, change: 'upserted' as const, bindings: [], revision: FIRST_REVISION })),
      ...plan.replaced.map(({ seq, location }) => ({ location, change: 'upserted' as const, bindings: bindings.get(seq) ?? [] })),
    ]);
    return plan.outcomes;
  }

  /** What saving the Locations does to each, against the stored ones (read and locked now). */
  private async planSave(manager: EntityManager, locations: StoredLocation[], createOnly: boolean, stamp: string): Promise<SavePlan> {
    const existing = new Map(
      (
        await this.locked(
          manager,
          locations.map((l) => l.id),
          true,
        )
      ).map((row) => [row.body.id.toLowerCase(), row]),
    );
    const plan: SavePlan = { outcomes: [], created: [], replaced: [] };
    locations.forEach((location, index) => plan.outcomes.push(this.planOne(plan, location, index, existing.get(location.id.toLowerCase()), createOnly, stamp)));
    return plan;
  }

  /** What saving one Location does: a new one joins `created`, a changed one `replaced`. */
  private planOne(plan: SavePlan, location: StoredLocation, index: number, previous: LockedRow | undefined, createOnly: boolean, stamp: string): SaveOutcome {
    if (previous && createOnly) return 'exists';
    const revised = reviseLocation(previous?.body, location, { stamp, liveStatusUids: new Set(Object.keys(previous?.evse_status_times ?? {})) });
    if (previous === undefined) {
      plan.created.push({ index, location: revised });
      return 'created';
    }
    if (revised === previous.body) return 'unchanged';
    plan.replaced.push({ seq: previous.seq, location: revised });
    return 'replaced';
  }

  /** A partial update (see mergeLocationPatch), validated as a whole Location. */
  async patch(id: string, patch: Record<string, unknown>): Promise<StoredLocation> {
    return this.change(id, (stored, stamp) => {
      for (const field of ['id', 'country_code', 'party_id'] as const) {
        if (field in patch && patch[field] !== stored[field]) throw new LocationRejectedError([{ path: field, reason: 'cannot change' }]);
      }
      const checked = this.format.check(mergeLocationPatch(stored, patch), '2.2.1', stamp);
      if (!checked.ok) throw new LocationRejectedError(checked.errors);
      return checked.location;
    });
  }

  /** Marks an EVSE REMOVED: OCPI never deletes EVSEs, Sessions and CDRs refer to them. */
  async removeEvse(id: string, evseUid: string): Promise<StoredLocation> {
    return this.change(id, (stored) => {
      const evse = stored.evses?.find((e) => sameId(e.uid, evseUid));
      if (!evse) throw new LocationNotFoundError(`Unknown EVSE ${evseUid}`);
      return { ...stored, evses: stored.evses!.map((e) => (e === evse ? { ...e, status: EvseStatus.REMOVED } : e)) };
    });
  }

  /** Marks every EVSE of the Location REMOVED (see removeEvse). */
  async removeLocation(id: string): Promise<StoredLocation> {
    return this.change(id, (stored) => ({ ...stored, evses: stored.evses?.map((e) => ({ ...e, status: EvseStatus.REMOVED })) }));
  }

  /** Replaces the OCPP identities of a Location's EVSEs; published so the ingestor's EVSE registry follows. */
  async setBindings(id: string, bindings: OcppBindingV1[]): Promise<OcppBindingV1[]> {
    return this.transaction(async (manager) => {
      const [row] = await this.locked(manager, [id], true);
      if (!row) throw new LocationNotFoundError(`Unknown Location ${id}`);
      const canonical = this.checkBindings(row.body, bindings);
      await manager.query('DELETE FROM ocpp_bindings WHERE location_seq = $1', [row.seq]);
      try {
        await manager.query(
          `INSERT INTO ocpp_bindings (location_seq, evse_uid, charge_point_id, ocpp16_connector_id, ocpp201_evse_id)
           SELECT $1, * FROM unnest($2::text[], $3::text[], $4::int[], $5::int[])`,
          [
            row.seq,
            canonical.map((b) => b.evse_uid),
            canonical.map((b) => b.charge_point_id),
            canonical.map((b) => b.ocpp16_connector_id ?? null),
            canonical.map((b) => b.ocpp201_evse_id ?? null),
          ],
        );
      } catch (error) {
        if ((error as { driverError?: { code?: string } }).driverError?.code === UNIQUE_VIOLATION) {
          throw new LocationConflictError('A charger connector / EVSE in these bindings is already bound to another EVSE');
        }
        throw error;
      }
      await this.outbox.enqueue(manager, [{ location: row.body, change: 'upserted', bindings: canonical }]);
      return canonical;
    });
  }

  /** One Location changed by `edit` under its row lock; `edit` returns the CPO's new version, which is then stamped. */
  private async change(id: string, edit: (stored: StoredLocation, stamp: string) => StoredLocation): Promise<StoredLocation> {
    return this.transaction(async (manager, stamp) => {
      const [row] = await this.locked(manager, [id], true);
      if (!row) throw new LocationNotFoundError(`Unknown Location ${id}`);
      const revised = reviseLocation(row.body, edit(row.body, stamp), { stamp, liveStatusUids: new Set(Object.keys(row.evse_status_times)) });
      if (revised === row.body) return revised;
      await this.update(manager, [{ seq: row.seq, location: revised }]);
      const bindings = await this.bindings(manager, [row.seq]);
      await this.outbox.enqueue(manager, [{ location: revised, change: 'upserted', bindings: bindings.get(row.seq) ?? [] }]);
      return revised;
    });
  }

  /** Runs `work` in a transaction with the stamp of this change (see lockedChangeStamp), then wakes the outbox relay. */
  private async transaction<T>(work: (manager: EntityManager, stamp: string) => Promise<T>): Promise<T> {
    const result = await this.db.transaction(async (manager) => work(manager, await lockedChangeStamp(manager)));
    this.outbox.committed();
    return result;
  }

  private async locked(manager: EntityManager, ids: string[], forUpdate: boolean): Promise<LockedRow[]> {
    if (ids.length === 0) return [];
    return manager.query(
      `SELECT seq, body, evse_status_times FROM locations
       WHERE country_code = $1 AND party_id = $2 AND lower(id) = ANY($3::text[])
       ORDER BY seq ${forUpdate ? 'FOR UPDATE' : ''}`,
      [this.settings.CPO_COUNTRY_CODE, this.settings.CPO_PARTY_ID, ids.map((id) => id.toLowerCase())],
    );
  }

  /** Inserts new Locations (`json`: them as a JSON array); returns the ids (lower case) of those another transaction created first, left as they are. */
  private async insert(manager: EntityManager, locations: StoredLocation[], json: string): Promise<Set<string>> {
    if (locations.length === 0) return new Set();
    // The bodies go as one JSON array, not a jsonb[]: pg escapes every quote of every element of an array
    // literal, which was a sixth of an import's CPU with the outbox's (profiled).
    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO locations (country_code, party_id, id, publish, last_updated, revision, body)
       SELECT b->>'country_code', b->>'party_id', b->>'id', (b->'publish')::boolean, (b->>'last_updated')::timestamptz, ${FIRST_REVISION}, b
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(b, n) ORDER BY n
       ON CONFLICT DO NOTHING RETURNING lower(id) AS id`,
      [json],
    );
    const lost = new Set(locations.map((l) => l.id.toLowerCase()));
    for (const { id } of inserted) lost.delete(id);
    return lost;
  }

  private async update(manager: EntityManager, rows: { seq: string; location: StoredLocation }[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `UPDATE locations AS l SET publish = (v.body->'publish')::boolean, last_updated = (v.body->>'last_updated')::timestamptz, body = v.body
       FROM unnest($1::bigint[]) WITH ORDINALITY AS s(seq, n) JOIN jsonb_array_elements($2::jsonb) WITH ORDINALITY AS v(body, n) USING (n)
       WHERE l.seq = s.seq`,
      [rows.map((r) => r.seq), JSON.stringify(rows.map((r) => r.location))],
    );
  }

  async bindings(manager: EntityManager, seqs: string[]): Promise<Map<string, OcppBindingV1[]>> {
    const bySeq = new Map<string, OcppBindingV1[]>();
    if (seqs.length === 0) return bySeq;
    const rows: ({ location_seq: string } & OcppBindingV1)[] = await manager.query(
      `SELECT location_seq, evse_uid, charge_point_id, ocpp16_connector_id, ocpp201_evse_id FROM ocpp_bindings
       WHERE location_seq = ANY($1::bigint[]) ORDER BY location_seq, evse_uid`,
      [seqs],
    );
    for (const { location_seq, evse_uid, charge_point_id, ocpp16_connector_id, ocpp201_evse_id } of rows) {
      const binding: OcppBindingV1 = { evse_uid, charge_point_id };
      if (ocpp16_connector_id !== null && ocpp16_connector_id !== undefined) binding.ocpp16_connector_id = ocpp16_connector_id;
      if (ocpp201_evse_id !== null && ocpp201_evse_id !== undefined) binding.ocpp201_evse_id = ocpp201_evse_id;
      bySeq.set(location_seq, [...(bySeq.get(location_seq) ?? []), binding]);
    }
    return bySeq;
  }

  /** Bindings that name EVSEs of this Location (uids as stored), once each, with exactly one OCPP id. */
  private checkBindings(location: StoredLocation, bindings: OcppBindingV1[]): OcppBindingV1[] {
    const errors: LocationError[] = [];
    const seen = new Set<string>();
    const canonical = bindings.map((binding, index) => {
      const evse = location.evses?.find((e) => sameId(e.uid, binding.evse_uid));
      if (!evse) errors.push({ path: `[${index}].evse_uid`, reason: `no EVSE ${binding.evse_uid} in Location ${location.id}` });
      else if (seen.has(evse.uid)) errors.push({ path: `[${index}].evse_uid`, reason: `EVSE ${evse.uid} is bound twice` });
      else seen.add(evse.uid);
      if ((binding.ocpp16_connector_id === undefined) === (binding.ocpp201_evse_id === undefined)) {
        errors.push({ path: `[${index}]`, reason: 'give exactly one of ocpp16_connector_id and ocpp201_evse_id' });
      }
      return { ...binding, evse_uid: evse?.uid ?? binding.evse_uid };
    });
    if (errors.length > 0) throw new LocationRejectedError(errors);
    return canonical;
  }
}
