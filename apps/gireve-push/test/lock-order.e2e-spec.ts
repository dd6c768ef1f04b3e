import 'reflect-metadata';
import { pollUntil } from '@app/testing';
import type { DataSource } from 'typeorm';
import { ParkedService } from '../src/admin/parked.service';
import { EvseStatusOutboxService } from '../src/evse-status/evse-status-outbox.service';
import { CheckLocationsService } from '../src/locations/check-locations.service';
import { LocationOutboxService } from '../src/locations/location-outbox.service';
import { OUTBOX_SETTINGS, OutboxDatabase } from './outbox-database';
import { locationUpserted, statusEvent } from './push-test-kit';

/**
 * Every multi-row write locks its rows in key order, as the consumer's upsert
 * does, so no two writers can deadlock (issue 19.8). Shown per writer on two
 * rows stored high key first (a scan meets them in that order): while
 * another transaction holds the lower key, the writer waits for it without
 * holding the higher one, which a third connection can still lock at once.
 */
jest.setTimeout(60_000);

const [LOW, HIGH] = ['LOCK-A', 'LOCK-B'];

describe('gireve-push: multi-row writes lock in key order', () => {
  const database = new OutboxDatabase('push_lock_order');
  let db: DataSource;
  const evses = () => new EvseStatusOutboxService(db, undefined as never, OUTBOX_SETTINGS, undefined as never);
  const locations = () => new LocationOutboxService(db, undefined as never, OUTBOX_SETTINGS);
  const evseKeyOf = (id: string) => `FR/ABC/${id}/E1`;
  const locationKeyOf = (id: string) => `FR/ABC/${id}`;

  beforeAll(async () => (db = await database.setUp()));
  afterAll(() => database.tearDown());

  /** Two Locations of one EVSE each, and a status of each EVSE, all stored high key first. */
  beforeEach(async () => {
    await db.query('TRUNCATE evse_push_state, evse_status_queue, location_push_state');
    for (const id of [HIGH, LOW]) {
      await locations().record([{ change: locationUpserted(id, ['E1']), correlationId: null }]);
      const event = statusEvent({ location_id: id, evse_uid: 'E1', status: 'CHARGING', event_time: '2026-12-06T09:01:00Z' });
      await evses().record([{ event, correlationId: null, traceContext: null, partition: 0, offset: id === HIGH ? '1' : '2' }]);
    }
  });

  /** Runs `write` while another transaction holds the row of `low`; true if the row of `high` stayed free meanwhile. */
  async function higherRowFreeWhileWaiting(table: string, keyColumn: string, low: string, high: string, write: () => Promise<unknown>): Promise<boolean> {
    const holder = db.createQueryRunner();
    const prober = db.createQueryRunner();
    await holder.startTransaction();
    try {
      await holder.query(`SELECT 1 FROM ${table} WHERE ${keyColumn} = $1 FOR UPDATE`, [low]);
      let settled = false;
      const writing = write().finally(() => (settled = true));
      await pollUntil(async () => settled || (await database.lockWaits()), Boolean, { what: 'the writer to wait for the lower key' });
      expect(settled).toBe(false);
      await prober.startTransaction();
      const free = await prober.query(`SELECT 1 FROM ${table} WHERE ${keyColumn} = $1 FOR UPDATE NOWAIT`, [high]).then(
        () => true,
        () => false,
      );
      await prober.rollbackTransaction();
      await holder.commitTransaction();
      await writing;
      return free;
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await Promise.all([holder.release(), prober.release()]);
    }
  }

  const evseRows = (write: () => Promise<unknown>) => higherRowFreeWhileWaiting('evse_push_state', 'evse_key', evseKeyOf(LOW), evseKeyOf(HIGH), write);
  const locationRows = (write: () => Promise<unknown>) => higherRowFreeWhileWaiting('location_push_state', 'location_key', locationKeyOf(LOW), locationKeyOf(HIGH), write);

  it("the consumer's upsert of statuses", async () => {
    const events = [HIGH, LOW].map((id, i) => ({
      event: statusEvent({ location_id: id, evse_uid: 'E1', status: 'BLOCKED', event_time: '2026-12-06T09:02:00Z' }),
      correlationId: null,
      traceContext: null,
      partition: 1,
      offset: String(i),
    }));
    expect(await evseRows(() => evses().record(events))).toBe(true);
  });

  it('the replay of parked EVSEs and Locations', async () => {
    await db.query('UPDATE evse_push_state SET parked_at = now()');
    await db.query('UPDATE location_push_state SET parked_at = now()');
    const parked = new ParkedService(db);
    expect(await evseRows(() => parked.replay('evse_status', [evseKeyOf(HIGH), evseKeyOf(LOW)]))).toBe(true);
    expect(await locationRows(() => parked.replay('location', [locationKeyOf(HIGH), locationKeyOf(LOW)]))).toBe(true);
  });

  it('the end of backoffs when the IOP comes back', async () => {
    await db.query(`UPDATE evse_push_state SET pending_since = now(), next_attempt_at = now() + interval '1 hour'`);
    await db.query(`UPDATE location_push_state SET next_attempt_at = now() + interval '1 hour'`);
    expect(await evseRows(() => evses().resetBackoff())).toBe(true);
    expect(await locationRows(() => locations().resetBackoff())).toBe(true);
  });

  it("Check Locations' re-push", async () => {
    const check = new CheckLocationsService(db, undefined as never, undefined as never, OUTBOX_SETTINGS);
    expect(await locationRows(() => check.repush([locationKeyOf(HIGH), locationKeyOf(LOW)]))).toBe(true);
  });
});
