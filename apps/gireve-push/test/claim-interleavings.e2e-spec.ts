import 'reflect-metadata';
import { dataSourceOptions } from '@app/platform/database';
import { pollUntil } from '@app/testing';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { girevePushDatabase } from '../src/database/gireve-push-database';
import type { StoreClaimant } from '../src/delivery/push-outbox';
import { type ClaimedEvseStatus, type ConsumedStatus, EvseStatusOutboxService } from '../src/evse-status/evse-status-outbox.service';
import { LocationOutboxService } from '../src/locations/location-outbox.service';
import { OUTBOX_SETTINGS, OutboxDatabase } from './outbox-database';
import { locationUpserted } from './push-test-kit';

/**
 * The EVSE claim and the Location claim of one Location, interleaved
 * statement by statement on two database connections: whatever the order,
 * never both a PATCH of an EVSE and a PUT of its Location in flight (issue
 * 19.1). One claim is held inside its transaction after a chosen statement,
 * through a DataSource whose transactions wait on a gate; the other runs
 * meanwhile, to its end or until it waits for a lock.
 */
jest.setTimeout(60_000);

const LOCATION = 'LOC-INTERLEAVE';
const KEY = `FR/ABC/${LOCATION}`;

/** A gate a held transaction waits on after the statement `holdAfter` picks. */
class Gate {
  reached = false;
  private open!: () => void;
  private readonly opened = new Promise<void>((resolve) => (this.open = resolve));

  constructor(private readonly holdAfter: (sql: string) => boolean) {}

  /** `db` whose transactions stop at this gate. */
  around(db: DataSource): DataSource {
    const hold = async (manager: EntityManager, sql: string, parameters?: unknown[]) => {
      const result: unknown = await manager.query(sql, parameters);
      if (!this.reached && this.holdAfter(sql)) {
        this.reached = true;
        await this.opened;
      }
      return result;
    };
    const transaction = <T>(work: (manager: EntityManager) => Promise<T>) =>
      db.transaction((manager) => work(new Proxy(manager, { get: (target, name) => (name === 'query' ? (sql: string, p?: unknown[]) => hold(target, sql, p) : Reflect.get(target, name)) })));
    return new Proxy(db, { get: (target, name) => (name === 'transaction' ? transaction : Reflect.get(target, name)) });
  }

  release(): void {
    this.open();
  }
}

describe('gireve-push: EVSE and Location claims interleaved', () => {
  const database = new OutboxDatabase('push_claims');
  let db: DataSource;
  const evses = (source: DataSource) => new EvseStatusOutboxService(source, undefined as never, OUTBOX_SETTINGS, undefined as never);
  const locations = (source: DataSource) => new LocationOutboxService(source, undefined as never, OUTBOX_SETTINGS);

  beforeAll(async () => (db = await database.setUp()));
  afterAll(() => database.tearDown());

  /** A Location the IOP already holds, its new PUT in backoff, and a due status change of its EVSE E1. */
  beforeEach(async () => {
    await db.query('TRUNCATE evse_push_state, evse_status_queue, location_push_state');
    await locations(db).record([{ change: locationUpserted(LOCATION, ['E1']), correlationId: null }]);
    await db.query(`UPDATE location_push_state SET pushed_body = body, next_attempt_at = now() + interval '1 hour'`);
    await evses(db).record([statusChange(LOCATION, 0)]);
  });

  /** A status change of E1 of `location`, at Kafka offset `offset`. */
  function statusChange(location: string, offset: number): ConsumedStatus {
    const now = new Date().toISOString();
    return {
      event: {
        event_id: randomUUID(),
        country_code: 'FR',
        party_id: 'ABC',
        location_id: location,
        evse_uid: 'E1',
        status: 'CHARGING',
        event_time: now,
        received_at: now,
        source: 'ocpi',
      } as never,
      correlationId: null,
      traceContext: null,
      partition: 0,
      offset: String(offset + 1),
    };
  }

  /** The Location's PUT comes due (its backoff over), as time would do it. */
  const locationDue = () => db.query('UPDATE location_push_state SET next_attempt_at = now()');

  /** Settled, or waiting for a lock another transaction of this database holds. */
  const settledOrWaiting = async (settled: () => boolean) => settled() || (await database.lockWaits());

  /** What went out: either the EVSE's PATCH or the Location's PUT, never both, never neither (the first claim has its row). */
  const oneInFlight = (claimedEvses: { key: string }[], claimedLocations: { key: string }[]) => [...claimedEvses, ...claimedLocations].map((c) => c.key);

  /** Runs `work` until it ends or waits for a lock another transaction of this database holds. */
  async function endedOrWaiting<T>(work: Promise<T>, what: string): Promise<{ done: Promise<T> }> {
    let settled = false;
    const done = work.finally(() => (settled = true));
    await pollUntil(() => settledOrWaiting(() => settled), Boolean, { what: `${what} to end or wait` });
    return { done };
  }

  /** The Location's PUT comes due and its claim runs until it ends or waits. */
  const locationClaimMeanwhile = async () => {
    await locationDue();
    return endedOrWaiting(locations(db).claim('location-worker/1', 10, 30_000, []), 'the Location claim');
  };

  /** The Location's PUT comes due and its claim holds its lease, uncommitted, until the gate opens. */
  const locationClaimHeld = async () => {
    await locationDue();
    const gate = new Gate((sql) => sql.includes('UPDATE location_push_state SET lease_owner'));
    const claim = locations(gate.around(db)).claim('location-worker/1', 10, 30_000, []);
    await pollUntil(() => gate.reached, Boolean, { what: 'the Location claim holding its lease' });
    return { claim, gate };
  };

  /** A gate after the EVSE pick (rows locked, the Location lock held shared). */
  const afterEvsePick = () => new Gate((sql) => sql.includes('pg_try_advisory_xact_lock_shared'));

  /** An EVSE outbox whose stores lease what they make due (as while its dispatcher has slots free), and what they leased. */
  const leasingStores = (source: DataSource) => {
    const leased: ClaimedEvseStatus[] = [];
    const claimant: StoreClaimant<ClaimedEvseStatus> = {
      offer: (rows) => ({ lease: 'evse-worker/store', limit: rows, leaseMs: 30_000, inFlight: () => [], done: (c) => void leased.push(...c) }),
    };
    const outbox = evses(source);
    outbox.leaseWhileStoring(claimant);
    return { outbox, leased };
  };

  it('an EVSE claim between its rows and its commit: the Location claim waits, then finds the EVSE leased', async () => {
    const gate = afterEvsePick();
    const evseClaim = evses(gate.around(db)).claim('evse-worker/1', 10, 30_000, []);
    await pollUntil(() => gate.reached, Boolean, { what: 'the EVSE claim holding its rows' });
    const locationClaim = await locationClaimMeanwhile();
    gate.release();

    const [claimedEvses, claimedLocations] = await Promise.all([evseClaim, locationClaim.done]);
    expect(oneInFlight(claimedEvses, claimedLocations)).toEqual([`${KEY}/E1`]);
  });

  // Two guards hold here: the Location's lock, and 19.9's rule (no EVSE claimed while its Location's PUT is due).
  it('a Location claim between its lease and its commit: the EVSE claim leaves the EVSE alone', async () => {
    const location = await locationClaimHeld();
    const evseClaim = await endedOrWaiting(evses(db).claim('evse-worker/1', 10, 30_000, []), 'the EVSE claim');
    location.gate.release();

    const [claimedLocations, claimedEvses] = await Promise.all([location.claim, evseClaim.done]);
    expect(oneInFlight(claimedEvses, claimedLocations)).toEqual([KEY]);
  });

  it('a store leasing the EVSE it made due, between its rows and its commit: the Location claim waits, then finds the EVSE leased', async () => {
    const gate = afterEvsePick();
    const { outbox, leased } = leasingStores(gate.around(db));
    const storing = outbox.record([statusChange(LOCATION, 1)]);
    await pollUntil(() => gate.reached, Boolean, { what: 'the store holding its rows' });
    const locationClaim = await locationClaimMeanwhile();
    gate.release();

    const [claimNeeded, claimedLocations] = await Promise.all([storing, locationClaim.done]);
    expect(claimNeeded).toBe(false);
    expect(oneInFlight(leased, claimedLocations)).toEqual([`${KEY}/E1`]);
  });

  it('a Location claim between its lease and its commit: a store leaves the EVSE stored, pending and not leased', async () => {
    const location = await locationClaimHeld();
    const { outbox, leased } = leasingStores(db);
    const storing = await endedOrWaiting(outbox.record([statusChange(LOCATION, 1)]), 'the store');
    location.gate.release();

    const [claimedLocations] = await Promise.all([location.claim, storing.done]);
    expect(oneInFlight(leased, claimedLocations)).toEqual([KEY]);
    const [row] = (await db.query(`SELECT pending_since, lease_owner FROM evse_push_state WHERE evse_key = $1`, [`${KEY}/E1`])) as {
      pending_since: Date | null;
      lease_owner: string | null;
    }[];
    expect(row).toEqual({ pending_since: expect.any(Date), lease_owner: null });
    const queued = (await db.query(`SELECT kafka_offset FROM evse_status_queue WHERE evse_key = $1 ORDER BY kafka_offset`, [`${KEY}/E1`])) as { kafka_offset: string }[];
    expect(queued.map((q) => q.kafka_offset)).toEqual(['1', '2']);
  });

  it('a claim over a backlog of many Locations locks only the Locations of the rows it picks, whatever plan PostgreSQL chooses', async () => {
    await evses(db).record(Array.from({ length: 300 }, (_, i) => statusChange(`LOC-BACKLOG-${i}`, i + 1)));
    // A plan that filters every pending row before it sorts and limits, as PostgreSQL may choose on a big backlog:
    // a lock taken in that filter is taken for every Location pending, and thousands fill PostgreSQL's lock table.
    const sorting = new DataSource({ ...dataSourceOptions(girevePushDatabase(database.url, false)), extra: { options: '-c enable_indexscan=off -c enable_bitmapscan=off' } });
    await sorting.initialize();
    try {
      const gate = new Gate((sql) => sql.includes('FOR UPDATE SKIP LOCKED'));
      const claim = evses(gate.around(sorting)).claim('evse-worker/1', 5, 30_000, []);
      await pollUntil(() => gate.reached, Boolean, { what: 'the EVSE claim holding its rows' });
      const [{ locks }] = (await db.query(
        `SELECT count(*)::int AS locks FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      )) as { locks: number }[];
      gate.release();
      expect(await claim).toHaveLength(5);
      expect(locks).toBeLessThanOrEqual(5);
    } finally {
      await sorting.destroy();
    }
  });

  it('a completion waiting for its row while the consumer queues a newer event: the row stays pending with that event', async () => {
    const [claimed] = await evses(db).claim('evse-worker/1', 10, 30_000, []);
    // Delivered: the claimed event is done (as if it repeated what the IOP held).
    claimed!.delivery = { send: null, through: claimed!.queue[0]! };
    const gate = new Gate((sql) => sql.includes('INSERT INTO evse_status_queue'));
    const consuming = evses(gate.around(db)).record([statusChange(LOCATION, 1)]);
    await pollUntil(() => gate.reached, Boolean, { what: 'the consumer holding the row with the newer event queued' });
    const completing = evses(db).complete(claimed!, 'unchanged');
    await pollUntil(() => database.lockWaits(), Boolean, { what: 'the completion waiting for the row' });
    gate.release();
    const [, dueAgain] = await Promise.all([consuming, completing]);
    // The completion tells its dispatcher to claim again: this replica's consumer may not be the one that stored.
    expect(dueAgain).toBe(true);

    const [row] = (await db.query(`SELECT pending_since FROM evse_push_state WHERE evse_key = $1`, [`${KEY}/E1`])) as { pending_since: Date | null }[];
    const queued = (await db.query(`SELECT kafka_offset FROM evse_status_queue WHERE evse_key = $1`, [`${KEY}/E1`])) as { kafka_offset: string }[];
    expect(queued.map((q) => q.kafka_offset)).toEqual(['2']);
    expect(row!.pending_since).not.toBeNull();
  });
});
