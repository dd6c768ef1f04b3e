import 'reflect-metadata';
import { freePort, pollUntil } from '@app/testing';
import { acceptedPatchesByEvse, PushTestBed, Simulator, uid } from './push-test-kit';

/**
 * A replica that starts while Kafka cannot be reached: its stored backlog
 * needs only PostgreSQL and the IOP, so it delivers it, and keeps trying to
 * reach Kafka in the background.
 */
jest.setTimeout(120_000);

describe('gireve-push: started while Kafka is down', () => {
  const bed = new PushTestBed();
  let simulator: Simulator;

  beforeAll(async () => {
    await bed.setUp();
    simulator = await Simulator.start({ IOP_OCPI_VERSION: '2.2.1' });
  });

  afterAll(async () => {
    await bed.tearDown();
    await simulator?.app.stop();
  });

  it('delivers the stored backlog and says it is retrying Kafka', async () => {
    const location = uid('LOC');
    const evses = [uid('E'), uid('E'), uid('E')];
    // A first replica stores the updates while the IOP is down, then leaves.
    await simulator.setFaults({ outage: true });
    const first = await bed.startWorker(simulator);
    await bed.publishStatuses(evses.map((evse) => ({ location_id: location, evse_uid: evse, status: 'CHARGING', event_time: '2026-12-06T08:00:00Z' })));
    await pollUntil(
      () => bed.db.query('SELECT count(*)::int AS n FROM evse_status_queue'),
      (r) => r.rows[0].n === evses.length,
      { what: 'the backlog stored' },
    );
    await first.stop('SIGTERM');

    // The IOP is back; the next replica finds no Kafka at its address.
    await simulator.clearFaults();
    const nowhere = `127.0.0.1:${await freePort()}`;
    const second = await bed.startWorker(simulator, { KAFKA_BROKERS: nowhere });
    const requests = await pollUntil(
      () => simulator.requests({ location_id: location }),
      (r) => evses.every((evse) => (acceptedPatchesByEvse(r).get(evse) ?? []).length === 1),
      { what: 'the backlog delivered without Kafka' },
    );
    expect(requests.filter((r) => r.method === 'PATCH' && r.http_status === 200)).toHaveLength(evses.length);
    await pollUntil(
      () => second.logs,
      (logs) => logs.includes('cannot consume from Kafka'),
      { what: 'the Kafka retry logged' },
    );
  });
});
