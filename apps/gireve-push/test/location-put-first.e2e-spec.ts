import 'reflect-metadata';
import { pollUntil } from '@app/testing';
import { ocpiLocation, PushTestBed, type RecordedRequest, Simulator, uid } from './push-test-kit';

/**
 * A busy site cannot keep its Location PUT waiting: while the PUT is due, no
 * EVSE of the Location is claimed, so the EVSE requests in flight end and the
 * PUT goes. Here E1's PATCH is held by the IOP while the Location changes and
 * E2 changes status: E2 must wait for the PUT (claimed at once, it would hold
 * the PUT back in turn).
 */
jest.setTimeout(120_000);

const summary = (requests: RecordedRequest[]) =>
  [...requests]
    .sort((a, b) => a.seq - b.seq)
    .filter((r) => r.http_status < 300)
    .map((r) => (r.evse_uid ? `PATCH ${r.evse_uid}` : `PUT ${String(r.body.name)}`));

describe('gireve-push: a Location PUT is not starved by its EVSEs', () => {
  const bed = new PushTestBed();
  let simulator: Simulator;

  beforeAll(async () => {
    await bed.setUp();
    simulator = await Simulator.start({ IOP_OCPI_VERSION: '2.2.1' });
    // A long timeout: the held request must outlast the steps below without timing out; a long backoff keeps a failed PUT waiting.
    await bed.startWorker(simulator, { IOP_OCPI_VERSION: '2.2.1', IOP_REQUEST_TIMEOUT_MS: '15000', RETRY_INITIAL_DELAY_MS: '5000', RETRY_MAX_DELAY_MS: '5000' });
  });

  afterAll(async () => {
    await simulator.releaseHeld();
    await bed.tearDown();
    await simulator?.app.stop();
  });

  it('claims no EVSE of a Location whose PUT is due; the PUT goes once the request in flight ends', async () => {
    const id = uid('LOC');
    const publish = (name: string, changedAt: string) =>
      bed.publishLocation({
        country_code: 'FR',
        party_id: 'ABC',
        location_id: id,
        change: 'upserted',
        location: ocpiLocation(id, [{ uid: 'E1' }, { uid: 'E2' }], { name }),
        changed_at: changedAt,
      });
    await publish('Before', '2026-12-06T09:00:00Z');
    await pollUntil(
      () => simulator.requests({ location_id: id }),
      (r) => summary(r).length === 1,
      { what: 'the first PUT' },
    );

    // E1's PATCH is held by the IOP: E1 stays leased.
    await simulator.setFaults({ next_faults: ['held'] });
    await bed.publishStatuses([{ location_id: id, evse_uid: 'E1', status: 'CHARGING', event_time: '2026-12-06T09:01:00Z' }]);
    await pollUntil(
      () => simulator.heldCount(),
      (n) => n === 1,
      { what: 'E1 held' },
    );
    // The Location changes (its PUT is due, and waits for E1); then E2 changes status.
    await publish('After', '2026-12-06T09:02:00Z');
    await pollUntil(
      () => bed.db.query('SELECT pending_since FROM location_push_state WHERE location_key = $1', [`FR/ABC/${id}`]),
      (r) => r.rows[0]?.pending_since != null,
      {
        what: 'the edit stored',
      },
    );
    await bed.publishStatuses([{ location_id: id, evse_uid: 'E2', status: 'BLOCKED', event_time: '2026-12-06T09:03:00Z' }]);
    await pollUntil(
      () => bed.evseRow(id, 'E2'),
      (row) => row?.status === 'BLOCKED',
      { what: 'E2 stored' },
    );

    expect(await simulator.releaseHeld()).toBe(1);
    const applied = await pollUntil(
      async () => summary(await simulator.requests({ location_id: id })),
      (s) => s.includes('PATCH E2'),
      { what: "E2's PATCH" },
    );
    // E1's held request lost its answer (the IOP applied it): E1 is sent again after the PUT, which is harmless.
    expect(applied.slice(0, 3)).toEqual(['PUT Before', 'PATCH E1', 'PUT After']);
    expect(applied.indexOf('PATCH E2')).toBeGreaterThan(applied.indexOf('PUT After'));
  });

  it('never PATCHes an EVSE behind a PUT the IOP applied but whose answer was lost', async () => {
    const id = uid('LOC');
    const publish = (name: string, lastUpdated?: string) =>
      bed.publishLocation({
        country_code: 'FR',
        party_id: 'ABC',
        location_id: id,
        change: 'upserted',
        location: ocpiLocation(id, [{ uid: 'E1' }], { name, lastUpdated }),
        changed_at: new Date().toISOString(),
      });
    await publish('Before');
    await pollUntil(
      () => simulator.requests({ location_id: id }),
      (r) => summary(r).length === 1,
      { what: 'the first PUT' },
    );

    // The edit is stamped 30 s ahead (a drifting clock); the IOP applies its PUT, and the answer is lost.
    const ahead = new Date(Math.floor(Date.now() / 1000) * 1000 + 30_000).toISOString().replace('.000Z', 'Z');
    await simulator.setFaults({ next_faults: ['applied_reset'] });
    await publish('After', ahead);
    await pollUntil(
      () => simulator.requests({ location_id: id }),
      (r) => r.some((x) => x.method === 'PUT' && x.fault === 'applied_reset'),
      { what: 'the PUT applied, its answer lost' },
    );
    // While that PUT waits out its backoff, a charger event 20 s old arrives.
    await bed.publishStatuses([{ location_id: id, evse_uid: 'E1', status: 'CHARGING', event_time: new Date(Date.now() - 20_000) }]);
    const requests = await pollUntil(
      () => simulator.requests({ evse_uid: 'E1', location_id: id }),
      (r) => r.some((x) => x.method === 'PATCH' && x.http_status === 200),
      {
        what: 'the CHARGING PATCH',
      },
    );
    expect(requests.find((x) => x.method === 'PATCH')!.body.last_updated).toBe(ahead);
  });
});
