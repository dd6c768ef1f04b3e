import { sampleConnectorV211, sampleConnectorV221, sampleEvseV211, sampleEvseV221, sampleLocationV211, sampleLocationV221 } from '@app/ocpi/fixtures/location.fixtures';
import { AppProcess, FUZZ_SEED, freePort, fuzzApp } from '@app/testing';

const TOKEN = 'fuzz-iop-token';
const ROUTING = {
  'x-request-id': 'fuzz-1',
  'x-correlation-id': 'fuzz-1',
  'ocpi-from-country-code': 'FR',
  'ocpi-from-party-id': 'ABC',
  'ocpi-to-country-code': 'FR',
  'ocpi-to-party-id': '007',
};

/** What the receiver takes at each depth of its Locations URL, per version. */
function receivedObject(path: string, version: string): unknown {
  const v211 = version === '2.1.1';
  if (path.endsWith('{connector}')) return v211 ? sampleConnectorV211() : sampleConnectorV221();
  if (path.endsWith('{evse}')) return v211 ? sampleEvseV211() : sampleEvseV221();
  return v211 ? sampleLocationV211() : sampleLocationV221();
}

/** Issue 20.7: malformed requests on every route of the simulator's document, both OCPI versions, with and without token. */
describe(`iop-simulator fuzz (FUZZ_SEED=${FUZZ_SEED})`, () => {
  let app: AppProcess;

  beforeAll(async () => {
    const port = await freePort();
    app = await AppProcess.start('iop-simulator', port, { IOP_TOKEN: TOKEN, IOP_PUBLIC_URL: `http://127.0.0.1:${port}` });
  });
  afterAll(async () => app?.stop());

  it('answers every case below 500 and stays up', async () => {
    const failures = await fuzzApp(app, {
      pathValues: { version: ['2.1.1', '2.2.1'], cc: ['FR'], pid: ['ABC'], location: ['LOC-0001'], evse: ['EVSE-1'], connector: ['1'] },
      credentials: (_method, path, { version }) => {
        if (!path.startsWith('/ocpi/')) return [];
        const v211 = { authorization: `Token ${TOKEN}` };
        const v221 = { authorization: `Token ${Buffer.from(TOKEN).toString('base64')}`, ...ROUTING };
        return version === undefined ? [v211, v221] : [version === '2.1.1' ? v211 : v221];
      },
      bodyExample: (method, path, { version }) =>
        path.startsWith('/ocpi/') ? (method === 'PATCH' ? { status: 'AVAILABLE', last_updated: '2026-11-23T10:00:00Z' } : receivedObject(path, version)) : undefined,
      // The CPO named in the body is unreachable: the documented Bad Gateway, the CPO's failure.
      allowed5xx: { 'POST /admin/register': [502] },
      // Injected faults (5xx, latency, held requests, outage) are the simulator's job: none may outlive its request.
      afterEach: async (request) => {
        if (request.path.startsWith('/admin/faults')) await fetch(`${app.url}/admin/faults`, { method: 'DELETE' });
      },
    });
    expect(failures).toEqual([]);
  });
});
