import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { type ConsumedStatus, EvseStatusOutboxService } from '../src/evse-status/evse-status-outbox.service';
import { LocationOutboxService } from '../src/locations/location-outbox.service';
import { OUTBOX_SETTINGS, OutboxDatabase } from './outbox-database';
import { locationUpserted } from './push-test-kit';

/**
 * An EVSE with a deep backlog of transitions (an outage, a busy charger): each
 * claim reads only the head of its queue, so a PATCH costs the same however
 * deep the queue is (the long chaos profile, a few hundred events queued per
 * EVSE, drained at ~40 PATCH/s when every claim read 200 of them), and the
 * backlog still goes out whole, in order, each row placed in the FIFO replay by
 * its next event.
 */
jest.setTimeout(60_000);

const LOCATION = 'LOC-DEEP';
const KEY = `FR/ABC/${LOCATION}/E1`;
const STATUSES = ['AVAILABLE', 'CHARGING', 'CHARGING', 'BLOCKED', 'AVAILABLE', 'OUTOFORDER'];

describe('gireve-push: an EVSE with a deep backlog', () => {
  const database = new OutboxDatabase('push_deep_backlog');
  let db: DataSource;
  const sent: { status: string; last_updated: string }[] = [];
  // The IOP accepts everything; what it was sent is the record.
  const traffic = { send: async (_kind: string, call: { body: { status: string; last_updated: string } }) => void sent.push(call.body) };
  const latency = { observe: () => undefined };
  const evses = () => new EvseStatusOutboxService(db, traffic as never, OUTBOX_SETTINGS, latency as never);

  beforeAll(async () => {
    db = await database.setUp();
    await new LocationOutboxService(db, undefined as never, OUTBOX_SETTINGS).record([{ change: locationUpserted(LOCATION, ['E1']), correlationId: null }]);
    await db.query(`UPDATE location_push_state SET pushed_body = body, pending_since = NULL`);
  });
  afterAll(() => database.tearDown());

  /** Event `n` of E1: a minute apart, each in a batch of its own (stored in this order). */
  const event = (n: number): ConsumedStatus => ({
    event: {
      event_id: randomUUID(),
      country_code: 'FR',
      party_id: 'ABC',
      location_id: LOCATION,
      evse_uid: 'E1',
      status: STATUSES[n % STATUSES.length]!,
      event_time: new Date(Date.UTC(2026, 11, 6, 8, n)).toISOString(),
      received_at: new Date().toISOString(),
      source: 'ocpi',
    } as never,
    correlationId: null,
    traceContext: null,
    partition: 0,
    offset: String(n),
  });

  it('reads the head of the queue at each claim, and sends every transition in order', async () => {
    const count = 120;
    for (let n = 0; n < count; n++) await evses().record([event(n)]);
    const expected = Array.from({ length: count }, (_, n) => STATUSES[n % STATUSES.length]!).filter((status, n, all) => n === 0 || status !== all[n - 1]);

    const outbox = evses();
    for (let claims = 0; claims < count; claims++) {
      const [claimed] = await outbox.claim(`deep/${claims}`, 10, 30_000, []);
      if (!claimed) break;
      expect(claimed.queue.length).toBeLessThanOrEqual(16);
      const dueAgain = await outbox.complete(claimed, await outbox.deliver(claimed, new AbortController().signal));
      const [row] = (await db.query(
        `SELECT s.pending_since, (SELECT stored_at FROM evse_status_queue q WHERE q.evse_key = s.evse_key ORDER BY event_time, kafka_partition, kafka_offset LIMIT 1) AS next
         FROM evse_push_state s WHERE s.evse_key = $1`,
        [KEY],
      )) as { pending_since: Date | null; next: Date | null }[];
      // Its place in the FIFO replay: when its next event was stored.
      expect(row!.pending_since).toEqual(row!.next);
      // Due again at once while events remain: the completion has its dispatcher claim again.
      expect(dueAgain).toBe(row!.next !== null);
    }

    expect(sent.map((body) => body.status)).toEqual(expected);
    const [{ queued }] = (await db.query('SELECT count(*)::int AS queued FROM evse_status_queue')) as { queued: number }[];
    expect(queued).toBe(0);
  });
});
