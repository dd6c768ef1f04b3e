import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { StoreClaim, StoreClaimant } from '../src/delivery/push-outbox';
import { type ClaimedEvseStatus, type ConsumedStatus, EvseStatusOutboxService } from '../src/evse-status/evse-status-outbox.service';
import { LocationOutboxService } from '../src/locations/location-outbox.service';
import { OUTBOX_SETTINGS, OutboxDatabase } from './outbox-database';
import { locationUpserted } from './push-test-kit';

/**
 * A store that leases what it makes due (StoreClaim): while its dispatcher
 * has slots free, the EVSEs a batch makes due are leased by the store's own
 * transaction and handed over with their queue and delivery, so no claim
 * transaction has to follow; the claim's rules still hold (leased rows, the
 * limit, longest pending first), and a store that fails leases nothing.
 */
jest.setTimeout(60_000);

const LOCATION = 'LOC-STORE-LEASE';
const key = (evse: string) => `FR/ABC/${LOCATION}/${evse}`;

/** A dispatcher stand-in: offers each store a claim of up to `limit` rows (null: no offer) and keeps what it is handed. */
class Claimant implements StoreClaimant<ClaimedEvseStatus> {
  readonly handed: ClaimedEvseStatus[][] = [];
  constructor(
    private readonly limit: number | null,
    private readonly running: string[] = [],
  ) {}

  offer(rows: number): StoreClaim<ClaimedEvseStatus> | null {
    if (this.limit === null) return null;
    return { lease: 'worker/store-1', limit: Math.min(rows, this.limit), leaseMs: 30_000, inFlight: () => this.running, done: (claimed) => void this.handed.push(claimed) };
  }
}

describe('gireve-push: a store leases the EVSEs it makes due', () => {
  const database = new OutboxDatabase('push_store_lease');
  let db: DataSource;
  let offset = 0;
  const evses = (claimant?: Claimant, source: DataSource = db) => {
    const outbox = new EvseStatusOutboxService(source, undefined as never, OUTBOX_SETTINGS, undefined as never);
    if (claimant) outbox.leaseWhileStoring(claimant);
    return outbox;
  };

  beforeAll(async () => {
    db = await database.setUp();
    await new LocationOutboxService(db, undefined as never, OUTBOX_SETTINGS).record([{ change: locationUpserted(LOCATION, ['E1', 'E2', 'E3']), correlationId: null }]);
    await db.query(`UPDATE location_push_state SET pushed_body = body, pending_since = NULL`);
  });
  beforeEach(() => db.query('TRUNCATE evse_push_state, evse_status_queue'));
  afterAll(() => database.tearDown());

  const change = (evse: string, status = 'CHARGING'): ConsumedStatus => {
    const now = new Date().toISOString();
    offset += 1;
    return {
      event: { event_id: randomUUID(), country_code: 'FR', party_id: 'ABC', location_id: LOCATION, evse_uid: evse, status, event_time: now, received_at: now, source: 'ocpi' } as never,
      correlationId: null,
      traceContext: null,
      partition: 0,
      offset: String(offset),
    };
  };
  const leases = async () =>
    Object.fromEntries(
      ((await db.query(`SELECT evse_key, lease_owner FROM evse_push_state ORDER BY evse_key`)) as { evse_key: string; lease_owner: string | null }[]).map((r) => [r.evse_key, r.lease_owner]),
    );

  it('leases the EVSEs it made due, hands them over with their delivery planned, and leaves those leased elsewhere alone: no claim needs to follow', async () => {
    await evses().record([change('E3', 'AVAILABLE')]);
    expect(await evses().claim('worker/other', 10, 30_000, [])).toHaveLength(1);

    const claimant = new Claimant(10);
    const claimNeeded = await evses(claimant).record([change('E1'), change('E2'), change('E3')]);

    expect(claimNeeded).toBe(false);
    expect(claimant.handed).toHaveLength(1);
    const handed = claimant.handed[0]!;
    expect(handed.map((c) => [c.key, c.lease, c.delivery.send?.status])).toEqual([
      [key('E1'), 'worker/store-1', 'CHARGING'],
      [key('E2'), 'worker/store-1', 'CHARGING'],
    ]);
    expect(handed.map((c) => c.queue.length)).toEqual([1, 1]);
    expect(await leases()).toEqual({ [key('E1')]: 'worker/store-1', [key('E2')]: 'worker/store-1', [key('E3')]: 'worker/other' });
  });

  it('leases no more than its limit, longest pending first, and then asks for a claim: more may be due', async () => {
    await evses().record([change('E2')]);
    const claimant = new Claimant(1);
    const claimNeeded = await evses(claimant).record([change('E1'), change('E2', 'BLOCKED')]);

    expect(claimNeeded).toBe(true);
    expect(claimant.handed[0]!.map((c) => c.key)).toEqual([key('E2')]);
    expect(await leases()).toEqual({ [key('E1')]: null, [key('E2')]: 'worker/store-1' });
    // E2's queue in order: the event stored first, then the one stored with this batch.
    expect(claimant.handed[0]![0]!.queue.map((q) => q.status)).toEqual(['CHARGING', 'BLOCKED']);
  });

  it('leaves an EVSE whose last result its dispatcher is still recording to the claim that follows', async () => {
    const claimant = new Claimant(10, [key('E1')]);
    const claimNeeded = await evses(claimant).record([change('E1'), change('E2')]);

    expect(claimNeeded).toBe(true);
    expect(claimant.handed[0]!.map((c) => c.key)).toEqual([key('E2')]);
    expect(await leases()).toEqual({ [key('E1')]: null, [key('E2')]: 'worker/store-1' });
  });

  it('without an offer, stores and leases nothing: a claim must follow', async () => {
    const claimNeeded = await evses(new Claimant(null)).record([change('E1')]);
    expect(claimNeeded).toBe(true);
    expect(await leases()).toEqual({ [key('E1')]: null });
  });

  it('a store whose lease fails stores nothing and hands over nothing: the batch is consumed again, whole', async () => {
    // The lease statement fails (a lost connection, say): the whole transaction, store included, is rolled back.
    const failing = new Proxy(db, {
      get: (target, name) =>
        name === 'transaction'
          ? <T>(work: (manager: never) => Promise<T>) =>
              target.transaction((manager) =>
                work(
                  new Proxy(manager, {
                    get: (m, n) =>
                      n === 'query' ? (sql: string, p?: unknown[]) => (sql.includes('SET lease_owner') ? Promise.reject(new Error('connection lost')) : m.query(sql, p)) : Reflect.get(m, n),
                  }) as never,
                ),
              )
          : Reflect.get(target, name),
    });
    const claimant = new Claimant(10);
    await expect(evses(claimant, failing).record([change('E1')])).rejects.toThrow('connection lost');

    expect(claimant.handed).toEqual([[]]);
    expect(await leases()).toEqual({});
    expect(await db.query(`SELECT count(*)::int AS n FROM evse_status_queue`)).toEqual([{ n: 0 }]);
  });
});
