import { AppProcess, freePort } from '@app/testing';
import { randomUUID } from 'node:crypto';

interface Recorded {
  path: string;
  version: string;
  http_status: number;
  problems: string[];
}

const TOKEN = 'strict-iop-token';
const BASE64_TOKEN = Buffer.from(TOKEN).toString('base64');

/** GIREVE requires X-Request-ID and X-Correlation-ID on every 2.2.1 call, versions and version details included. */
describe('iop-simulator: request ids on 2.2.1 versions and version details', () => {
  const started: AppProcess[] = [];
  afterAll(async () => Promise.all(started.map((app) => app.stop())));

  async function simulator(mode: 'record' | 'refuse'): Promise<AppProcess> {
    const port = await freePort();
    const app = await AppProcess.start('iop-simulator', port, { IOP_TOKEN: TOKEN, IOP_PUBLIC_URL: `http://127.0.0.1:${port}`, IOP_DISCOVERY_REQUEST_IDS: mode });
    started.push(app);
    return app;
  }

  const get = (app: AppProcess, path: string, authorization: string, headers: Record<string, string> = {}) =>
    fetch(`${app.url}/ocpi/emsp/${path}`, { headers: { authorization: `Token ${authorization}`, ...headers } });
  const recorded = async (app: AppProcess) => (await (await fetch(`${app.url}/admin/requests`)).json()) as Recorded[];
  const ids = () => ({ 'x-request-id': randomUUID(), 'x-correlation-id': randomUUID() });
  const MISSING = ['x-request-id: header required in 2.2.1', 'x-correlation-id: header required in 2.2.1'];

  it('refuses, when strict, a 2.2.1 call without them (HTTP 400, OCPI 2001), and records why', async () => {
    const app = await simulator('refuse');
    const versions = await get(app, 'versions', BASE64_TOKEN);
    expect(versions.status).toBe(400);
    expect(await versions.json()).toMatchObject({ status_code: 2001, status_message: MISSING.join('; ') });
    expect((await get(app, '2.2.1', BASE64_TOKEN, { 'x-request-id': randomUUID() })).status).toBe(400);
    expect((await get(app, 'versions', BASE64_TOKEN, ids())).status).toBe(200);
    expect((await get(app, '2.2.1', BASE64_TOKEN, ids())).status).toBe(200);
    // 2.1.1 has no such headers: its raw token on the versions URL, and its details, need none.
    expect((await get(app, 'versions', TOKEN)).status).toBe(200);
    expect((await get(app, '2.1.1', TOKEN)).status).toBe(200);
    expect(await recorded(app)).toEqual([
      expect.objectContaining({ path: '/ocpi/emsp/versions', version: '2.2.1', http_status: 400, problems: MISSING }),
      expect.objectContaining({ path: '/ocpi/emsp/2.2.1', version: '2.2.1', http_status: 400, problems: [MISSING[1]] }),
      expect.objectContaining({ path: '/ocpi/emsp/versions', version: '2.2.1', http_status: 200, problems: [] }),
      expect.objectContaining({ path: '/ocpi/emsp/2.2.1', version: '2.2.1', http_status: 200, problems: [] }),
      expect.objectContaining({ path: '/ocpi/emsp/versions', version: '2.1.1', http_status: 200, problems: [] }),
      expect.objectContaining({ path: '/ocpi/emsp/2.1.1', version: '2.1.1', http_status: 200, problems: [] }),
    ]);
  });

  it('by default answers such a call but records the problem', async () => {
    const app = await simulator('record');
    const details = await get(app, '2.2.1', BASE64_TOKEN);
    expect(details.status).toBe(200);
    expect(await details.json()).toMatchObject({ status_code: 1000, data: { version: '2.2.1' } });
    expect(await recorded(app)).toEqual([expect.objectContaining({ path: '/ocpi/emsp/2.2.1', http_status: 200, problems: MISSING })]);
  });
});
