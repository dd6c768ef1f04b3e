import 'reflect-metadata';
import type { AppProcess } from '@app/testing';
import { ADMIN_KEY, PushTestBed, Simulator } from './push-test-kit';

/** A JSON body nested beyond the bound is a 400 saying so in the push's admin API and in the simulator's (whose register endpoint answered 500). */
describe('JSON bodies nested too deeply: gireve-push admin and iop-simulator', () => {
  const bed = new PushTestBed();
  let simulator: Simulator;
  let worker: AppProcess;
  /** `{"kind": [[…]]}`, 10,000 levels deep. */
  const deep = `{"kind":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
  const tooDeep = { message: expect.stringContaining('deeper than 64 levels') };

  beforeAll(async () => {
    simulator = await Simulator.start();
    await bed.setUp();
    worker = await bed.startWorker(simulator);
  });

  afterAll(async () => {
    await bed.tearDown();
    await simulator?.app.stop();
  });

  it('gireve-push admin: 400', async () => {
    const response = await fetch(`${worker.url}/admin/parked/replay`, { method: 'POST', headers: { 'x-api-key': ADMIN_KEY, 'content-type': 'application/json' }, body: deep });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject(tooDeep);
  });

  it('iop-simulator register and faults: 400', async () => {
    for (const [method, path] of [
      ['POST', '/admin/register'],
      ['PUT', '/admin/faults'],
    ]) {
      const response = await fetch(`${simulator.app.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: deep });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject(tooDeep);
    }
  });
});
