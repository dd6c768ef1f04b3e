import { IopRegistration, type IopRegistrationEntity, type IopRegistrationService } from '@app/registration';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GirevePushSettings } from '../gireve-push.settings';
import { IopEndpointsService } from './iop-endpoints.service';

function registration(overrides: Partial<IopRegistrationEntity> = {}): IopRegistration {
  return new IopRegistration({
    id: 1,
    version: '2.2.1',
    versions_url: 'https://iop.example/ocpi/versions',
    endpoints: [
      { identifier: 'locations', role: 'SENDER', url: 'https://iop.example/ocpi/2.2.1/sender/locations' },
      { identifier: 'locations', role: 'RECEIVER', url: 'https://iop.example/ocpi/2.2.1/receiver/locations/' },
    ],
    token_b: 'token-from-registration',
    token_c_hash: 'x',
    country_code: 'FR',
    party_id: '107',
    parties: [],
    registered_at: new Date(),
    updated_at: new Date(),
    ...overrides,
  });
}

function registrations(current: () => Promise<IopRegistration | null>): IopRegistrationService {
  return { current } as IopRegistrationService;
}

/** A stand-in IOP answering versions and 2.1.1 version details, remembering the Authorization headers. */
async function fakeIop(): Promise<{ server: Server; url: string; authorizations: string[] }> {
  const authorizations: string[] = [];
  const server = createServer((req, res) => {
    authorizations.push(req.headers.authorization ?? '');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const body =
      req.url === '/versions'
        ? { status_code: 1000, data: [{ version: '2.1.1', url: `${base}/2.1.1` }] }
        : { status_code: 1000, data: { version: '2.1.1', endpoints: [{ identifier: 'locations', url: `${base}/2.1.1/locations` }] } };
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, authorizations };
}

describe(IopEndpointsService.name, () => {
  it("uses the IOP's registration when there is one: its version, Locations receiver, token B and party", async () => {
    const service = new IopEndpointsService(new GirevePushSettings(), registrations(async () => registration()));
    await expect(service.connection()).resolves.toEqual({
      version: '2.2.1',
      token: 'token-from-registration',
      locationsUrl: 'https://iop.example/ocpi/2.2.1/receiver/locations',
      countryCode: 'FR',
      partyId: '107',
    });
  });

  it('falls back to IOP_VERSIONS_URL and IOP_TOKEN, reading the receiver URL from the version details', async () => {
    const iop = await fakeIop();
    try {
      const settings = Object.assign(new GirevePushSettings(), { IOP_VERSIONS_URL: `${iop.url}/versions`, IOP_TOKEN: 'configured-token', IOP_PARTY_ID: '007' });
      for (const current of [async () => null, async () => Promise.reject(new Error('relation "iop_registration" does not exist'))]) {
        const service = new IopEndpointsService(settings, registrations(current));
        await expect(service.connection()).resolves.toEqual({
          version: '2.1.1',
          token: 'configured-token',
          locationsUrl: `${iop.url}/2.1.1/locations`,
          countryCode: 'FR',
          partyId: '007',
        });
      }
      expect(iop.authorizations.every((header) => header === 'Token configured-token')).toBe(true);
    } finally {
      iop.server.close();
    }
  });

  it('reads the registration again once told the cached one is stale', async () => {
    let token = 'first-token';
    const service = new IopEndpointsService(new GirevePushSettings(), registrations(async () => registration({ token_b: token })));
    expect((await service.connection()).token).toBe('first-token');
    token = 'second-token';
    expect((await service.connection()).token).toBe('first-token');
    service.invalidate();
    expect((await service.connection()).token).toBe('second-token');
  });
});
