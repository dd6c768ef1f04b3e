import { type AppProcess, FUZZ_SEED, fuzzApp } from '@app/testing';
import { ADMIN_KEY, PushTestBed, Simulator } from './push-test-kit';

/** Issue 20.7: malformed requests on every route of the gireve-push document, with and without the admin key. */
describe(`gireve-push fuzz (FUZZ_SEED=${FUZZ_SEED})`, () => {
  const bed = new PushTestBed();
  let simulator: Simulator;
  let worker: AppProcess;

  beforeAll(async () => {
    simulator = await Simulator.start();
    await bed.setUp();
    worker = await bed.startWorker(simulator, { LOG_LEVEL: 'warn' });
  });
  afterAll(async () => {
    await bed.tearDown();
    await simulator?.app.stop();
  });

  it('answers every case below 500 and stays up', async () => {
    const failures = await fuzzApp(worker, {
      credentials: (_method, path) => (path.startsWith('/admin/') ? [{ 'x-api-key': ADMIN_KEY }] : []),
    });
    expect(failures).toEqual([]);
  });
});
