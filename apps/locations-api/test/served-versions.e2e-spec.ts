import 'reflect-metadata';
import { OcpiStatusCode } from '@app/ocpi';
import { location } from './location.fixture';
import { envelope, LocationsApiHarness, TOKEN_A } from './locations-api.harness';

/** OCPI_SERVED_VERSIONS=2.2.1: 2.1.1 is neither offered nor routed, nor required of the Locations written. */
describe('locations-api: serving OCPI 2.2.1 only', () => {
  let api: LocationsApiHarness;

  beforeAll(async () => {
    api = await LocationsApiHarness.start('served', { OCPI_SERVED_VERSIONS: '2.2.1' });
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('offers only 2.2.1 and answers 2.1.1 routes with 404 and OCPI 3002', async () => {
    expect((await envelope(await api.ocpiGet('/ocpi/cpo/versions', TOKEN_A, '2.2.1'))).data).toEqual([{ version: '2.2.1', url: `${api.url}/ocpi/cpo/2.2.1` }]);
    const details = await api.ocpiGet('/ocpi/cpo/2.1.1', TOKEN_A, '2.1.1');
    expect(details.status).toBe(404);
    expect((await envelope(details)).status_code).toBe(OcpiStatusCode.UNSUPPORTED_VERSION);
  });

  it('accepts a Location without postal code, which only 2.1.1 requires', async () => {
    expect((await api.admin('POST', '/locations', { ...location('NO-POSTAL-CODE'), postal_code: undefined })).status).toBe(201);
  });
});
