import 'reflect-metadata';
import { OcpiStatusCode, parseAuthorizationHeader } from '@app/ocpi';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocationsApiSettings } from '../locations-api.settings';
import { HandshakeError, IopDiscoveryService } from './iop-discovery.service';

/** A tiny stand-in for GIREVE's versions and version details (the e2e test uses the real iop-simulator). */
async function fakeIop(details: (base: string) => unknown, token = 'token-b', seen: IncomingHttpHeaders[] = []): Promise<{ server: Server; base: string }> {
  const server = createServer((request, response) => {
    seen.push(request.headers);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const presented = [parseAuthorizationHeader(request.headers.authorization, '2.1.1'), parseAuthorizationHeader(request.headers.authorization, '2.2.1')];
    if (!presented.includes(token)) {
      response.writeHead(401).end();
      return;
    }
    response.setHeader('content-type', 'application/json');
    if (request.url === '/versions') {
      response.end(JSON.stringify({ status_code: 1000, timestamp: '2026-01-01T00:00:00Z', data: [{ version: '2.2.1', url: `${base}/2.2.1` }] }));
    } else if (request.url === '/2.2.1') {
      response.end(JSON.stringify({ status_code: 1000, timestamp: '2026-01-01T00:00:00Z', data: details(base) }));
    } else {
      response.writeHead(500).end();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe(IopDiscoveryService.name, () => {
  const sut = new IopDiscoveryService({ IOP_REQUEST_TIMEOUT_MS: 2000, CPO_COUNTRY_CODE: 'FR', CPO_PARTY_ID: 'ABC' } as LocationsApiSettings);
  const servers: Server[] = [];
  afterAll(() => servers.forEach((s) => s.close()));
  const start = async (details: (base: string) => unknown, token?: string, seen?: IncomingHttpHeaders[]) => {
    const iop = await fakeIop(details, token, seen);
    servers.push(iop.server);
    return iop.base;
  };
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: HandshakeError) => error.ocpiStatus,
    );

  it("reads the IOP's endpoints for the version with token B (base64 in 2.2.1)", async () => {
    const base = await start((b) => ({ version: '2.2.1', endpoints: [{ identifier: 'locations', role: 'RECEIVER', url: `${b}/locations` }] }));
    expect(await sut.endpoints(`${base}/versions`, 'token-b', '2.2.1')).toEqual([{ identifier: 'locations', role: 'RECEIVER', url: `${base}/locations` }]);
  });

  it('sends X-Request-ID and one X-Correlation-ID on both 2.2.1 calls, as GIREVE requires, and no routing headers (a configuration module)', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const base = await start((b) => ({ version: '2.2.1', endpoints: [{ identifier: 'locations', role: 'RECEIVER', url: `${b}/locations` }] }), 'token-b', seen);
    await sut.endpoints(`${base}/versions`, 'token-b', '2.2.1');
    expect(seen).toHaveLength(2);
    expect(new Set(seen.map((h) => h['x-request-id'])).size).toBe(2);
    expect(seen[0]!['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen[1]!['x-correlation-id']).toBe(seen[0]!['x-correlation-id']);
    expect(seen.flatMap((h) => Object.keys(h).filter((name) => name.startsWith('ocpi-')))).toEqual([]);
  });

  it('fails with 3001 when the version details are not a valid OCPI object', async () => {
    const base = await start((b) => ({ version: '2.2.1', endpoints: [{ identifier: 'locations', url: `${b}/locations` }] }));
    expect(await failure(sut.endpoints(`${base}/versions`, 'token-b', '2.2.1'))).toBe(OcpiStatusCode.UNABLE_TO_USE_CLIENT_API);
  });

  it("fails with 3001, naming both versions, when the details given for the version are another version's", async () => {
    const base = await start((b) => ({ version: '2.1.1', endpoints: [{ identifier: 'locations', role: 'RECEIVER', url: `${b}/locations` }] }));
    const error = await sut.endpoints(`${base}/versions`, 'token-b', '2.2.1').catch((e: HandshakeError) => e);
    expect(error).toMatchObject({ ocpiStatus: OcpiStatusCode.UNABLE_TO_USE_CLIENT_API, message: `GET ${base}/2.2.1 answered the details of OCPI 2.1.1, not 2.2.1` });
  });

  it('fails with 3002 when the IOP does not offer the version', async () => {
    const base = await start(() => ({}));
    expect(await failure(sut.endpoints(`${base}/versions`, 'token-b', '2.1.1'))).toBe(OcpiStatusCode.UNSUPPORTED_VERSION);
  });

  it('fails with 3003 when the IOP has no Locations receiver', async () => {
    const base = await start((b) => ({ version: '2.2.1', endpoints: [{ identifier: 'locations', role: 'SENDER', url: `${b}/locations` }] }));
    expect(await failure(sut.endpoints(`${base}/versions`, 'token-b', '2.2.1'))).toBe(OcpiStatusCode.NO_MATCHING_ENDPOINTS);
  });

  it('fails with 3001 when the IOP refuses token B or cannot be reached', async () => {
    const base = await start(() => ({}), 'another-token');
    expect(await failure(sut.endpoints(`${base}/versions`, 'token-b', '2.2.1'))).toBe(OcpiStatusCode.UNABLE_TO_USE_CLIENT_API);
    expect(await failure(sut.endpoints('http://127.0.0.1:9/versions', 'token-b', '2.2.1'))).toBe(OcpiStatusCode.UNABLE_TO_USE_CLIENT_API);
  });
});
