import { IopRegistration, type IopRegistrationEntity, type IopRegistrationService } from '@app/registration';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setImmediate } from 'node:timers/promises';
import { GirevePushSettings } from '../gireve-push.settings';
import { IopEndpointsService } from './iop-endpoints.service';
import { IopRequestError } from './iop-verdict';

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

function registrations(current: () => Promise<IopRegistration | null>, unregisteredAt: () => Promise<Date | null> = async () => null): IopRegistrationService {
  return { current, unregisteredAt } as IopRegistrationService;
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
    const service = new IopEndpointsService(
      new GirevePushSettings(),
      registrations(async () => registration()),
    );
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
      // No registration, or no registration table at all (locations-api's migrations never ran here: PostgreSQL 42P01).
      const noTable = Object.assign(new Error('relation "iop_registration" does not exist'), { driverError: { code: '42P01' } });
      for (const current of [async () => null, async () => Promise.reject(noTable)]) {
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

  it('holds everything once the IOP unregistered us (DELETE credentials), even with a connection found before, until it registers again', async () => {
    let registered: IopRegistration | null = registration();
    const service = new IopEndpointsService(
      new GirevePushSettings(),
      registrations(
        async () => registered,
        async () => (registered ? null : new Date('2026-12-06T10:00:00Z')),
      ),
    );
    expect((await service.connection()).token).toBe('token-from-registration');
    registered = null;
    service.invalidate();
    const held = await service.connection().catch((error: unknown) => error);
    expect((held as IopRequestError).verdict).toMatchObject({ kind: 'unauthorized', reason: expect.stringContaining('unregistered us at 2026-12-06T10:00:00.000Z') });
    registered = registration({ token_b: 'after-registering-again' });
    expect((await service.connection()).token).toBe('after-registering-again');
  });

  it('reads the registration again once told the cached one is stale', async () => {
    let token = 'first-token';
    const service = new IopEndpointsService(
      new GirevePushSettings(),
      registrations(async () => registration({ token_b: token })),
    );
    expect((await service.connection()).token).toBe('first-token');
    token = 'second-token';
    expect((await service.connection()).token).toBe('first-token');
    service.invalidate();
    expect((await service.connection()).token).toBe('second-token');
  });

  describe('after a minute', () => {
    afterEach(() => jest.restoreAllMocks());
    /** The token a call answers with, or 'still waiting' if it waits beyond a turn of the event loop. */
    const tokenAtOnce = (connection: Promise<{ token: string }>) => Promise.race([connection.then((c) => c.token), setImmediate('still waiting')]);

    /**
     * A service whose first registration read answers at once with 'first-token'; every later read takes the
     * token set by then and waits until the test releases it (held.reads[i]()).
     */
    function withHeldReads() {
      const held = { token: 'first-token', reads: [] as (() => void)[] };
      const service = new IopEndpointsService(
        new GirevePushSettings(),
        registrations(async () => {
          const read = registration({ token_b: held.token });
          if (held.token !== 'first-token') await new Promise<void>((resolve) => held.reads.push(resolve));
          return read;
        }),
      );
      return { service, held };
    }

    it('looks the connection up again while requests go on with the one found, then uses the new one', async () => {
      const { service, held } = withHeldReads();
      expect((await service.connection()).token).toBe('first-token');
      held.token = 'second-token';
      jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 60_001);
      expect(await tokenAtOnce(service.connection())).toBe('first-token');
      expect(await tokenAtOnce(service.connection())).toBe('first-token');
      expect(held.reads).toHaveLength(1); // one lookup at a time
      held.reads[0]();
      await setImmediate();
      expect(await tokenAtOnce(service.connection())).toBe('second-token');
    });

    it('an invalidate() during the background lookup wins: its late answer does not replace the connection found after', async () => {
      const { service, held } = withHeldReads();
      await service.connection();
      held.token = 'stale-token';
      jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 60_001);
      expect(await tokenAtOnce(service.connection())).toBe('first-token'); // the background lookup reads 'stale-token'
      service.invalidate(); // the IOP refused the token meanwhile
      held.token = 'new-token';
      const afterRefusal = service.connection();
      held.reads[1]();
      expect((await afterRefusal).token).toBe('new-token');
      held.reads[0](); // the background lookup answers last
      await setImmediate();
      expect(await tokenAtOnce(service.connection())).toBe('new-token');
    });

    it('once the lookup finds us unregistered, the next call looks up again and holds the push', async () => {
      let registered = true;
      const service = new IopEndpointsService(
        new GirevePushSettings(),
        registrations(
          async () => (registered ? registration() : null),
          async () => (registered ? null : new Date('2026-12-06T10:00:00Z')),
        ),
      );
      await service.connection();
      registered = false;
      jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 60_001);
      expect(await tokenAtOnce(service.connection())).toBe('token-from-registration');
      await setImmediate();
      const held = await service.connection().catch((error: unknown) => error);
      expect((held as IopRequestError).verdict).toMatchObject({ kind: 'unauthorized' });
    });
  });
});

/** A versions endpoint and its 2.2.1 details on a local port; `versions` may answer otherwise. */
class FakeIop {
  readonly seen: { path: string; headers: IncomingHttpHeaders }[] = [];
  versions?: (res: ServerResponse) => void;
  private server!: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.seen.push({ path: req.url ?? '', headers: req.headers });
      const base = this.url;
      if (req.url === '/versions' && this.versions) return this.versions(res);
      const data =
        req.url === '/versions' ? [{ version: '2.2.1', url: `${base}/2.2.1` }] : { version: '2.2.1', endpoints: [{ identifier: 'locations', role: 'RECEIVER', url: `${base}/locations/` }] };
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ status_code: 1000, data, timestamp: new Date().toISOString() }));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

function discovering(versionsUrl: string, registrations: Partial<IopRegistrationService> = { current: async () => null, unregisteredAt: async () => null }) {
  const settings = {
    IOP_OCPI_VERSION: '2.2.1',
    IOP_TOKEN: 'token-b',
    IOP_VERSIONS_URL: versionsUrl,
    IOP_REQUEST_TIMEOUT_MS: 200,
    IOP_COUNTRY_CODE: 'FR',
    IOP_PARTY_ID: '007',
    CPO_COUNTRY_CODE: 'FR',
    CPO_PARTY_ID: 'ABC',
  } as GirevePushSettings;
  return new IopEndpointsService(settings, registrations as IopRegistrationService);
}

describe(`${IopEndpointsService.name}: discovery through the versions endpoint`, () => {
  const iop = new FakeIop();
  let versionsUrl: string;

  beforeEach(async () => {
    versionsUrl = `${await iop.start()}/versions`;
  });
  afterEach(async () => {
    iop.versions = undefined;
    iop.seen.length = 0;
    await iop.stop();
  });

  it('finds the Locations receiver, sending X-Request-ID and X-Correlation-ID on the 2.2.1 versions and details GETs, no routing headers', async () => {
    const connection = await discovering(versionsUrl).connection();
    expect(connection.locationsUrl).toBe(`${iop.url}/locations`);
    expect(iop.seen.map((s) => s.path)).toEqual(['/versions', '/2.2.1']);
    for (const { headers } of iop.seen) {
      expect(headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(Object.keys(headers).filter((name) => name.startsWith('ocpi-'))).toEqual([]);
    }
    expect(iop.seen[0]!.headers['x-request-id']).not.toBe(iop.seen[1]!.headers['x-request-id']);
  });

  it('does not take an answer whose OCPI status is not 1000', async () => {
    iop.versions = (res) => res.end(JSON.stringify({ status_code: 3000, status_message: 'busy', timestamp: new Date().toISOString() }));
    const failure = await discovering(versionsUrl)
      .connection()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(IopRequestError);
    expect((failure as IopRequestError).verdict).toMatchObject({ kind: 'transient', reason: expect.stringContaining('OCPI status 3000') });
  });

  it('gives up within one deadline on a versions endpoint that trickles its answer', async () => {
    let stillSending = true;
    iop.versions = (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"status_code":1000,"data":[');
      // A byte every 50 ms: each per-chunk timeout (200 ms) is met, the answer never ends.
      const trickle = setInterval(() => (stillSending ? res.write(' ') : (clearInterval(trickle), res.end(']}'))), 50);
      res.on('close', () => clearInterval(trickle));
    };
    const failure = await discovering(versionsUrl)
      .connection()
      .catch((error: unknown) => error);
    const wasStillSending = stillSending;
    stillSending = false;
    expect(wasStillSending).toBe(true);
    expect((failure as IopRequestError).verdict).toMatchObject({ kind: 'transient', reason: expect.stringContaining('took longer than 600 ms') });
  });

  it('keeps the last connection while the registration cannot be read, instead of falling back to the bootstrap settings', async () => {
    let reads = 0;
    const registrations = {
      unregisteredAt: async () => null,
      current: async () => {
        reads += 1;
        if (reads > 1) throw Object.assign(new Error('connection terminated'), { driverError: { code: '57P01' } });
        return null;
      },
    };
    const endpoints = discovering(versionsUrl, registrations);
    const first = await endpoints.connection();
    endpoints.invalidate();
    await iop.stop(); // the bootstrap discovery would fail now
    expect(await endpoints.connection()).toEqual(first);
    versionsUrl = `${await iop.start()}/versions`;
  });
});
