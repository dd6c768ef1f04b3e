import 'reflect-metadata';
import { pollUntil, runBuiltCommand } from '@app/testing';
import { acceptedPatchesByEvse, PushTestBed, Simulator, uid } from './push-test-kit';

/**
 * GIREVE deleted our credentials (locations-api records it in
 * iop_unregistration): all automated communication stops, the outbox keeps
 * everything, and pushes resume once the IOP may be called again.
 */
jest.setTimeout(120_000);

describe('gireve-push: after the IOP unregistered us', () => {
  const bed = new PushTestBed();
  let simulator: Simulator;

  beforeAll(async () => {
    await bed.setUp();
    simulator = await Simulator.start();
    // The registration tables are locations-api's: the same database, as deployed.
    const migrated = await runBuiltCommand('apps/locations-api/src/migrate.js', { DATABASE_URL: bed.databaseUrl, DATABASE_MIGRATE_ON_START: 'false' });
    expect(migrated.code).toBe(0);
  });

  afterAll(async () => {
    await bed.tearDown();
    await simulator?.app.stop();
  });

  it('holds every push (not falling back to its bootstrap settings) and delivers once the IOP may be called again', async () => {
    await bed.db.query('INSERT INTO iop_unregistration (id, unregistered_at) VALUES (1, now())');
    const worker = await bed.startWorker(simulator, { UNAUTHORIZED_RETRY_DELAY_MS: '500' });
    const [location, evse] = [uid('LOC'), uid('E')];
    await bed.publishStatuses([{ location_id: location, evse_uid: evse, status: 'CHARGING', event_time: '2026-12-06T11:00:00Z' }]);
    await pollUntil(
      () => worker.logs,
      (logs) => logs.includes('unregistered us'),
      { what: 'the push held' },
    );
    await pollUntil(
      () => bed.db.query('SELECT count(*)::int AS n FROM evse_status_queue WHERE evse_key = $1', [`FR/ABC/${location}/${evse}`]),
      (r) => r.rows[0].n === 1,
      {
        what: 'the status kept in the outbox',
      },
    );
    expect(await simulator.requests({ evse_uid: evse })).toEqual([]);

    // Here the unregistration is withdrawn by hand; a new registration does the same (locations-api clears it).
    await bed.db.query('DELETE FROM iop_unregistration');
    await pollUntil(
      () => simulator.requests({ evse_uid: evse }),
      (r) => (acceptedPatchesByEvse(r).get(evse) ?? []).length === 1,
      { what: 'the status delivered' },
    );
  });
});
