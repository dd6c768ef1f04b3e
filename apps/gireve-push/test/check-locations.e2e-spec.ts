import 'reflect-metadata';
import { AppProcess, freePort, pollUntil } from '@app/testing';
import { randomUUID } from 'node:crypto';
import { ocpiLocation, PushTestBed, Simulator, uid } from './push-test-kit';

/**
 * Check Locations compares the IOP with locations-api, the system of record,
 * not with gireve-push's own store, which shares gireve-push's mistakes
 * (issue 18): an EVSE removed in the back office while gireve-push did not
 * consume it is invisible to a check against gireve-push's store.
 */
jest.setTimeout(120_000);

const ADMIN_KEY = `locations-admin-${randomUUID()}`;

describe('gireve-push: Check Locations against locations-api', () => {
  const bed = new PushTestBed();
  let simulator: Simulator;
  let locationsApi: AppProcess;
  let worker: AppProcess;
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${locationsApi.url}/admin/locations${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-api-key': ADMIN_KEY },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    await bed.setUp();
    locationsApi = await AppProcess.start('locations-api', await freePort(), {
      DATABASE_URL: bed.databaseUrl,
      KAFKA_BROKERS: process.env.TEST_KAFKA_BROKERS!,
      KAFKA_TOPIC_PARTITIONS: '3',
      KAFKA_CONSUMER_GROUP: `locations-api-${randomUUID()}`,
      ADMIN_API_KEY: ADMIN_KEY,
      OUTBOX_POLL_INTERVAL_MS: '200',
    });
    simulator = await Simulator.start({ IOP_OCPI_VERSION: '2.2.1' });
    worker = await bed.startWorker(simulator, { IOP_OCPI_VERSION: '2.2.1' });
  });

  afterAll(async () => {
    await bed.tearDown();
    await Promise.all([simulator?.app.stop(), locationsApi?.stop()]);
  });

  it("sees an EVSE removal gireve-push never consumed, which a check against gireve-push's store cannot", async () => {
    const id = uid('LOC');
    const [e1, e2] = [uid('E'), uid('E')];
    expect((await admin('POST', '', ocpiLocation(id, [{ uid: e1 }, { uid: e2 }]))).status).toBe(201);
    await pollUntil(
      () => simulator.requests({ location_id: id }),
      (r) => r.some((x) => x.method === 'PUT' && x.http_status < 300),
      { what: 'the PUT' },
    );
    await pollUntil(
      async () => (await bed.db.query('SELECT pending_since FROM location_push_state WHERE location_key = $1', [`FR/ABC/${id}`])).rows[0],
      (row) => row?.pending_since === null,
      { what: 'the PUT recorded' },
    );
    const env = { LOCATIONS_API_URL: locationsApi.url, LOCATIONS_API_ADMIN_KEY: ADMIN_KEY };
    const clean = await bed.runCheckLocations(simulator, env);
    expect(clean.output).toContain('Comparing the IOP with locations-api');
    expect(clean.output).toMatch(/Checked 1 Location\(s\): 1 same/);
    expect(clean.code).toBe(0);

    // gireve-push is down while the back office removes E1: neither its store nor the IOP hears of it.
    await worker.stop();
    expect((await admin('DELETE', `/${id}/evses/${e1}`)).status).toBe(200);

    const ownStore = await bed.runCheckLocations(simulator, {});
    expect(ownStore.output).toContain("Comparing the IOP with gireve-push's own store");
    expect(ownStore.code).toBe(0);
    const systemOfRecord = await bed.runCheckLocations(simulator, env);
    expect(systemOfRecord.code).toBe(1);
    expect(systemOfRecord.output).toContain(`evses[${e1}].status: ours "REMOVED", IOP "AVAILABLE"`);
  });
});
