import { formatAuthorizationHeader, type OcpiVersion } from '@app/ocpi';
import { FUZZ_SEED, type FuzzOptions, fuzzApp } from '@app/testing';
import { location } from './location.fixture';
import { ADMIN_KEY, LocationsApiHarness, TOKEN_A } from './locations-api.harness';

const ROUTING = {
  'x-request-id': 'fuzz-1',
  'x-correlation-id': 'fuzz-1',
  'ocpi-from-country-code': 'FR',
  'ocpi-from-party-id': '107',
  'ocpi-to-country-code': 'FR',
  'ocpi-to-party-id': 'ABC',
};
const LOCATION_ID = 'FUZZ-1';

/** The IOP's credentials as GIREVE POSTs them; the URL is closed, so no handshake completes. */
function credentialsBody(version: string): unknown {
  const url = 'http://127.0.0.1:9/ocpi/emsp/versions';
  const party = { country_code: 'FR', party_id: '107', business_details: { name: 'GIREVE' } };
  return version === '2.1.1' ? { token: 'fuzz-token-b', url, ...party } : { token: 'fuzz-token-b', url, roles: [{ role: 'HUB', ...party }] };
}

/**
 * Issue 20.7: malformed requests on every route of the locations-api document:
 * before registration (token A), then the OCPI routes registered in each
 * version (token C), both URL versions each time, with and without credentials.
 */
describe(`locations-api fuzz (FUZZ_SEED=${FUZZ_SEED})`, () => {
  let api: LocationsApiHarness;
  /** The token the OCPI routes are called with: token A, then the current token C. */
  let token = TOKEN_A;
  let registered: OcpiVersion | undefined;

  const fuzzLocation = () => location(LOCATION_ID, { evses: 2 });
  const restoreLocation = () => api.admin('PUT', `/locations/${LOCATION_ID}`, fuzzLocation());
  const ocpiHeaders = (version: string) => ({ authorization: formatAuthorizationHeader(token, version as OcpiVersion), ...(version === '2.2.1' ? ROUTING : {}) });

  const options: FuzzOptions = {
    pathValues: { version: ['2.1.1', '2.2.1'], location_id: [LOCATION_ID], evse_uid: [`${LOCATION_ID}-1`], connector_id: ['1'], id: [LOCATION_ID], evseUid: [`${LOCATION_ID}-2`] },
    credentials: (_method, path, { version }) => {
      if (path.startsWith('/admin/')) return [{ 'x-api-key': ADMIN_KEY }];
      if (!path.startsWith('/ocpi/')) return [];
      return version === undefined ? [ocpiHeaders('2.1.1'), ocpiHeaders('2.2.1')] : [ocpiHeaders(version)];
    },
    bodyExample: (method, path, { version }) => {
      if (path.endsWith('/credentials')) return credentialsBody(version);
      if (path.endsWith('/ocpp-bindings')) return [{ evse_uid: `${LOCATION_ID}-1`, charge_point_id: 'CP-FUZZ', ocpp16_connector_id: 1 }];
      // The document's example is another Location: this one, so the plain PUT is accepted.
      return method === 'PUT' ? fuzzLocation() : undefined;
    },
    // A case that deletes what later cases address (the Location, the registration) is undone.
    afterEach: async (request, status) => {
      if (status >= 300 || request.method !== 'DELETE') return;
      if (request.path.startsWith('/admin/')) await restoreLocation();
      else if (registered) token = await api.registerIop(registered);
    },
  };

  beforeAll(async () => {
    api = await LocationsApiHarness.start('fuzz');
    expect((await restoreLocation()).status).toBeLessThan(300);
  });
  afterAll(async () => api?.stop());

  it('before registration: every route answers below 500 and the app stays up', async () => {
    expect(await fuzzApp(api.app, options)).toEqual([]);
  });

  it.each(['2.2.1', '2.1.1'] as const)('registered in %s: every OCPI route answers below 500 and the app stays up', async (version) => {
    registered = version;
    token = await api.registerIop(version);
    await restoreLocation();
    expect(await fuzzApp(api.app, { ...options, only: (_method, path) => path.startsWith('/ocpi/') })).toEqual([]);
  });
});
