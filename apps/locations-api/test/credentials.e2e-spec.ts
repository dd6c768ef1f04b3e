import 'reflect-metadata';
import { formatAuthorizationHeader, type OcpiVersion } from '@app/ocpi';
import { AppProcess, freePort } from '@app/testing';
import { randomUUID } from 'node:crypto';
import { envelope, LocationsApiHarness, TOKEN_A } from './locations-api.harness';

interface Registration {
  version: string;
  versions_url: string;
  token_b: string;
  token_c_hash: string;
  country_code: string;
  party_id: string;
  endpoints: { identifier: string; role?: string; url: string }[];
}

/**
 * The credentials handshake with the iop-simulator playing GIREVE (Register
 * FromIOP): token A out of band → its POST with token B → we call its versions
 * and details with B → we answer with token C.
 */
describe('locations-api: credentials handshake with the IOP', () => {
  let api: LocationsApiHarness;
  let simulator: AppProcess;

  beforeAll(async () => {
    api = await LocationsApiHarness.start('credentials');
    const port = await freePort();
    simulator = await AppProcess.start('iop-simulator', port, { IOP_PUBLIC_URL: `http://127.0.0.1:${port}` });
  });

  afterAll(async () => {
    await simulator?.stop();
    await api?.stop();
  });

  const registration = async (): Promise<Registration | undefined> => (await api.db.query('SELECT * FROM iop_registration')).rows[0];
  const credentials = (method: string, version: OcpiVersion, token: string, body?: unknown) =>
    fetch(`${api.url}/ocpi/cpo/${version}/credentials`, {
      method,
      headers: { authorization: formatAuthorizationHeader(token, version), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  /** Asks the simulator to register with us, as GIREVE does; returns the token C it received. */
  const simulatorRegisters = async (version: OcpiVersion): Promise<string> => {
    const response = await fetch(`${simulator.url}/admin/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ versions_url: `${api.url}/ocpi/cpo/versions`, token_a: TOKEN_A, version }),
    });
    expect(response.ok).toBe(true);
    const body = (await response.json()) as { token_c?: string; credentials?: { token?: string } };
    const tokenC = body.token_c ?? body.credentials?.token;
    expect(typeof tokenC).toBe('string');
    return tokenC!;
  };

  it('serves versions and version details with token A, with our modules per version', async () => {
    const versions = await envelope<{ version: string; url: string }[]>(await api.ocpiGet('/ocpi/cpo/versions', TOKEN_A, '2.2.1'));
    expect(versions.data).toEqual([
      { version: '2.1.1', url: `${api.url}/ocpi/cpo/2.1.1` },
      { version: '2.2.1', url: `${api.url}/ocpi/cpo/2.2.1` },
    ]);
    const v211 = await envelope<{ endpoints: unknown[] }>(await api.ocpiGet('/ocpi/cpo/2.1.1', TOKEN_A, '2.1.1'));
    expect(v211.data!.endpoints).toEqual([
      { identifier: 'credentials', url: `${api.url}/ocpi/cpo/2.1.1/credentials` },
      { identifier: 'locations', url: `${api.url}/ocpi/cpo/2.1.1/locations` },
    ]);
    const v221 = await envelope<{ endpoints: unknown[] }>(await api.ocpiGet('/ocpi/cpo/2.2.1', TOKEN_A, '2.2.1'));
    expect(v221.data!.endpoints).toContainEqual({ identifier: 'locations', role: 'SENDER', url: `${api.url}/ocpi/cpo/2.2.1/locations` });
  });

  it('answers PUT and DELETE before registration with 405, invalid credentials with 200 and 2001, a body not JSON with 400, an unreachable IOP with 3001', async () => {
    expect((await credentials('PUT', '2.2.1', TOKEN_A, {})).status).toBe(405);
    expect((await credentials('DELETE', '2.1.1', TOKEN_A)).status).toBe(405);
    const bad = await credentials('POST', '2.2.1', TOKEN_A, { token: 'b', url: 'not a url', roles: [] });
    expect(bad.status).toBe(200);
    expect(await envelope(bad)).toMatchObject({ status_code: 2001, status_message: expect.stringContaining('url') });
    const notJson = await fetch(`${api.url}/ocpi/cpo/2.2.1/credentials`, {
      method: 'POST',
      headers: { authorization: formatAuthorizationHeader(TOKEN_A, '2.2.1'), 'content-type': 'application/json' },
      body: '{"token":',
    });
    expect(notJson.status).toBe(400);
    expect((await envelope(notJson)).status_code).toBe(2001);
    const unreachable = await credentials('POST', '2.1.1', TOKEN_A, {
      token: 'token-b-of-nobody',
      url: 'http://127.0.0.1:9/ocpi/versions',
      business_details: { name: 'Nobody' },
      party_id: 'NOB',
      country_code: 'FR',
    });
    expect(unreachable.status).toBe(200);
    expect((await envelope(unreachable)).status_code).toBe(3001);
    expect(await registration()).toBeUndefined();
    const get = await envelope<{ token: string; roles: unknown[] }>(await credentials('GET', '2.2.1', TOKEN_A));
    expect(get.data).toMatchObject({ token: TOKEN_A, url: `${api.url}/ocpi/cpo/versions`, roles: [{ role: 'CPO', country_code: 'FR', party_id: 'ABC' }] });
  });

  for (const version of ['2.2.1', '2.1.1'] as const) {
    it(`registers the simulator in OCPI ${version}; token A dies, token C works, DELETE unregisters`, async () => {
      const tokenC = await simulatorRegisters(version);
      const stored = (await registration())!;
      expect(stored).toMatchObject({ version, versions_url: `${simulator.url}/ocpi/emsp/versions` });
      expect(stored.endpoints.some((e) => e.identifier === 'locations')).toBe(true);
      expect(stored.token_c_hash).not.toContain(tokenC);
      expect(JSON.stringify(stored)).not.toContain(tokenC);
      // The token B we keep is the one the simulator accepts.
      const tracing = version === '2.2.1' ? { 'x-request-id': randomUUID(), 'x-correlation-id': randomUUID() } : {}; // the simulator requires them in 2.2.1
      const simulatorVersions = await fetch(`${simulator.url}/ocpi/emsp/versions`, { headers: { authorization: formatAuthorizationHeader(stored.token_b, version), ...tracing } });
      expect(simulatorVersions.status).toBe(200);

      for (const path of ['/ocpi/cpo/versions', `/ocpi/cpo/${version}`, `/ocpi/cpo/${version}/credentials`, `/ocpi/cpo/${version}/locations`]) {
        expect((await api.ocpiGet(path, TOKEN_A, version)).status).toBe(401);
        expect((await api.ocpiGet(path, tokenC, version)).status).toBe(200);
      }
      expect((await credentials('POST', version, tokenC, {})).status).toBe(405);
      expect((await envelope<{ token: string }>(await credentials('GET', version, tokenC))).data!.token).toBe(tokenC);
      // Token C works only in the registered version, but versions and details stay readable (to switch with a PUT).
      const other = version === '2.2.1' ? '2.1.1' : '2.2.1';
      for (const path of [`/ocpi/cpo/${other}/locations`, `/ocpi/cpo/${other}/credentials`]) {
        const refused = await api.ocpiGet(path, tokenC, other);
        expect(refused.status).toBe(401);
        expect(await refused.json()).toMatchObject({ status_code: 2000, status_message: expect.stringContaining(`valid in OCPI ${version}`) });
      }
      for (const path of ['/ocpi/cpo/versions', `/ocpi/cpo/${other}`]) expect((await api.ocpiGet(path, tokenC, other)).status).toBe(200);
      expect((await credentials('DELETE', other, tokenC)).status).toBe(401);

      const unregistered = await credentials('DELETE', version, tokenC);
      expect(unregistered.status).toBe(200);
      expect(await registration()).toBeUndefined();
      // Recorded for gireve-push, which holds every push until the IOP registers again.
      expect((await api.db.query('SELECT count(*)::int AS n FROM iop_unregistration')).rows[0].n).toBe(1);
      expect((await api.ocpiGet(`/ocpi/cpo/${version}/locations`, tokenC, version)).status).toBe(401);
      expect((await api.ocpiGet('/ocpi/cpo/versions', TOKEN_A, version)).status).toBe(200);
      const again = await simulatorRegisters(version);
      expect((await api.db.query('SELECT count(*)::int AS n FROM iop_unregistration')).rows[0].n).toBe(0);
      expect((await credentials('DELETE', version, again)).status).toBe(200);
    });
  }

  it("lets a registered IOP switch versions with a PUT to the other version's credentials: new token C, valid in that version only; the old one stops working", async () => {
    const oldC = await simulatorRegisters('2.2.1');
    const stored = (await registration())!;
    const put = await credentials('PUT', '2.1.1', oldC, {
      token: stored.token_b,
      url: stored.versions_url,
      business_details: { name: 'GIREVE' },
      party_id: '107',
      country_code: 'FR',
    });
    expect(put.status).toBe(200);
    const newC = (await envelope<{ token: string }>(put)).data!.token;
    expect(newC).not.toBe(oldC);
    expect((await registration())!.version).toBe('2.1.1');
    expect((await api.ocpiGet('/ocpi/cpo/2.1.1/locations', oldC, '2.1.1')).status).toBe(401);
    expect((await api.ocpiGet('/ocpi/cpo/2.1.1/locations', newC, '2.1.1')).status).toBe(200);
    expect((await api.ocpiGet('/ocpi/cpo/2.2.1/locations', newC, '2.2.1')).status).toBe(401);
    expect((await credentials('DELETE', '2.1.1', newC)).status).toBe(200);
  });
});
