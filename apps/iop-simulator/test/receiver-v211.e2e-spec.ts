import { sampleLocationV211, sampleLocationV221 } from '@app/ocpi/fixtures/location.fixtures';
import { AppProcess, freePort } from '@app/testing';
import { randomUUID } from 'node:crypto';

const TOKEN = 'receiver-iop-token';

/** GIREVE's receiver in 2.1.1 answers a PUT of static data but keeps only status and tariff_id; 2.2.1 keeps the whole object. */
describe('iop-simulator: what the Locations receiver keeps', () => {
  let app: AppProcess;

  beforeAll(async () => {
    const port = await freePort();
    app = await AppProcess.start('iop-simulator', port, { IOP_TOKEN: TOKEN, IOP_PUBLIC_URL: `http://127.0.0.1:${port}` });
  });
  afterAll(async () => app?.stop());

  const authorization = (version: string) => `Token ${version === '2.1.1' ? TOKEN : Buffer.from(TOKEN).toString('base64')}`;
  const headers221 = {
    'x-request-id': randomUUID(),
    'x-correlation-id': randomUUID(),
    'ocpi-from-country-code': 'FR',
    'ocpi-from-party-id': 'ABC',
    'ocpi-to-country-code': 'FR',
    'ocpi-to-party-id': '007',
  };
  const url = (version: string, path: string) => `${app.url}/ocpi/emsp/${version}/locations/FR/ABC/${path}`;
  const put = (version: string, path: string, body: unknown) =>
    fetch(url(version, path), {
      method: 'PUT',
      headers: { authorization: authorization(version), 'content-type': 'application/json', ...(version === '2.2.1' ? headers221 : {}) },
      body: JSON.stringify(body),
    });
  const held = async (version: string, path: string) => ((await (await fetch(url(version, path), { headers: { authorization: authorization(version) } })).json()) as { data: unknown }).data;

  it('answers a 2.1.1 Location PUT, and holds only its EVSEs’ status and connectors’ tariff_id', async () => {
    const location = sampleLocationV211({ evses: 1, connectorsPerEvse: 1 });
    expect((await put('2.1.1', 'LOC-0001', location)).status).toBe(201);
    expect(await held('2.1.1', 'LOC-0001')).toEqual({ id: 'LOC-0001', evses: [{ uid: 'EVSE-1', status: 'AVAILABLE', connectors: [{ id: '1', tariff_id: 'TARIFF-AC' }] }] });
  });

  it('holds a 2.2.1 PUT whole (static data goes through its quality process)', async () => {
    const location = { ...sampleLocationV221({ evses: 1, connectorsPerEvse: 1 }), id: 'LOC-0002' };
    expect((await put('2.2.1', 'LOC-0002', location)).status).toBe(201);
    expect(await held('2.2.1', 'LOC-0002')).toEqual(location);
  });
});
