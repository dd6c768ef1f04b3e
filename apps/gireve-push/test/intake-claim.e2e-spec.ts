import 'reflect-metadata';
import type { DataSource, EntityManager } from 'typeorm';
import type { ClaimSlots, ClaimTicket } from '../src/delivery/push-dispatcher';
import { type ClaimedEvseStatus, EvseStatusOutboxService } from '../src/evse-status/evse-status-outbox.service';
import { consumedStatus, OUTBOX_SETTINGS, OutboxDatabase } from './outbox-database';

/**
 * The EVSE status intake claims, in its own transaction, with the free slots
 * of the dispatcher: the claim is the dispatcher's (longest pending first, so
 * the FIFO replay of a backlog holds), its leases commit or roll back with the
 * stored events, and the dispatcher gets only what committed.
 */
jest.setTimeout(60_000);

/** A dispatcher's side of the intake claim, recorded: `limit` slots a ticket, or none. */
class RecordedSlots implements ClaimSlots<ClaimedEvseStatus> {
  readonly adopted: { lease: string; keys: string[] }[] = [];
  woken = 0;
  private tickets = 0;

  constructor(public limit: number) {}

  reserve(): ClaimTicket | undefined {
    if (this.limit === 0) return undefined;
    return { lease: `intake/${(this.tickets += 1)}`, limit: this.limit, leaseMs: 30_000, leaseUntil: Date.now() + 30_000, inFlight: () => [] };
  }

  adopt(ticket: ClaimTicket, claimed: ClaimedEvseStatus[]): void {
    this.adopted.push({ lease: ticket.lease, keys: claimed.map((c) => c.key) });
  }

  wake(): void {
    this.woken += 1;
  }
}

describe('gireve-push: the EVSE status intake claims in its own transaction', () => {
  const database = new OutboxDatabase('push_intake_claim');
  let db: DataSource;
  let offset = 0;

  beforeAll(async () => (db = await database.setUp()));
  afterAll(() => database.tearDown());
  beforeEach(() => db.query('TRUNCATE evse_push_state, evse_status_queue, location_push_state'));

  const outbox = (source: DataSource, slots?: RecordedSlots) => {
    const service = new EvseStatusOutboxService(source, undefined as never, OUTBOX_SETTINGS, undefined as never);
    if (slots) service.claimAtIntake(slots);
    return service;
  };

  /** A status change of EVSE `evse` of Location LOC (no Location row: nothing to PUT first). */
  const statusChange = (evse: string) => consumedStatus('LOC', evse, (offset += 1));

  const leases = async () =>
    Object.fromEntries(
      ((await db.query('SELECT evse_uid, lease_owner FROM evse_push_state ORDER BY evse_uid')) as { evse_uid: string; lease_owner: string | null }[]).map((r) => [r.evse_uid, r.lease_owner]),
    );

  it('leases the longest pending rows first with the free slots, the backlog before what it just stored, and hands them over once committed', async () => {
    await outbox(db).record([statusChange('OLD')]); // pending from before, with no dispatcher to claim it
    const slots = new RecordedSlots(1);
    await outbox(db, slots).record([statusChange('NEW')]);
    expect(slots.adopted).toEqual([{ lease: 'intake/1', keys: ['FR/ABC/LOC/OLD'] }]);
    expect(await leases()).toEqual({ NEW: null, OLD: 'intake/1' });

    slots.limit = 5;
    await outbox(db, slots).record([statusChange('NEWER')]);
    expect(slots.adopted[1]).toEqual({ lease: 'intake/2', keys: ['FR/ABC/LOC/NEW', 'FR/ABC/LOC/NEWER'] });
    expect(await leases()).toEqual({ NEW: 'intake/2', NEWER: 'intake/2', OLD: 'intake/1' });
    expect(slots.woken).toBe(0);
  });

  it('with no free slot, stores the events and wakes the dispatcher instead', async () => {
    const slots = new RecordedSlots(0);
    await outbox(db, slots).record([statusChange('E1')]);
    expect(slots.adopted).toEqual([]);
    expect(slots.woken).toBe(1);
    expect(await leases()).toEqual({ E1: null });
  });

  it('a transaction that fails after its claim leases nothing: the dispatcher gets no row, and the intake fails (Kafka delivers the batch again)', async () => {
    // Every statement runs, the claim's too; then the transaction fails, as a lost connection at COMMIT would.
    const failing = new Proxy(db, {
      get: (target, name) =>
        name === 'transaction'
          ? (work: (manager: EntityManager) => Promise<unknown>) =>
              target.transaction(async (manager) => {
                await work(manager);
                throw new Error('connection lost before COMMIT');
              })
          : Reflect.get(target, name),
    });
    const slots = new RecordedSlots(5);
    await expect(outbox(failing, slots).record([statusChange('E1')])).rejects.toThrow('connection lost before COMMIT');
    expect(slots.adopted).toEqual([{ lease: 'intake/1', keys: [] }]);
    expect(await leases()).toEqual({});
  });
});
