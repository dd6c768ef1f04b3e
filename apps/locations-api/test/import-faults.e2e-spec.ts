import 'reflect-metadata';
import { freePort, pollUntil, TcpProxy } from '@app/testing';
import { location } from './location.fixture';
import { LocationsApiHarness } from './locations-api.harness';

/**
 * An import whose database connection breaks under it, through a TCP proxy
 * in front of PostgreSQL: the import answers the error, and the app stays up.
 */
describe('locations-api: an import whose database connection breaks', () => {
  let api: LocationsApiHarness;
  let proxy: TcpProxy;

  beforeAll(async () => {
    const direct = new URL(`${process.env.TEST_DATABASE_URL}_importfault`);
    proxy = await TcpProxy.start({ host: direct.hostname, port: Number(direct.port || 5432) }, await freePort());
    const proxied = new URL(direct.toString());
    proxied.port = String(proxy.port);
    api = await LocationsApiHarness.start('importfault', { DATABASE_URL: proxied.toString() });
  });

  afterAll(async () => {
    proxy?.heal();
    await api?.stop();
    await proxy?.close();
  });

  it("answers the error of a chunk's write cut off while the next chunk is checked, and stays up (it used to end the process)", async () => {
    const locations = Array.from({ length: 3_000 }, (_, n) => location(`CUT${n}`, { evses: 4 }));
    const before = proxy.forwarded.toUpstream;
    const answer = api.admin('POST', '/locations/import', locations);
    // The first chunk's INSERT carries its 500 bodies: once that much has gone up, its write is in flight, and the
    // second chunk is being checked (it takes tens of ms; the cut is answered within a few).
    await pollUntil(
      () => proxy.forwarded.toUpstream - before,
      (sent) => sent > 200_000,
      { intervalMs: 1, what: "the first chunk's INSERT on its way to PostgreSQL" },
    );
    proxy.refuseNewConnections();
    proxy.resetAll();
    const response = await answer;
    expect(response.status).toBeGreaterThanOrEqual(500);
    proxy.heal();
    // Still up, and what it stored is a prefix of the file (no chunk after the failed one was written).
    const stored = await pollUntil(
      () => api.admin('GET', '/locations?limit=500').then(async (r) => (r.status === 200 ? ((await r.json()) as { locations: { id: string }[] }).locations : undefined)),
      (page) => page !== undefined,
      { what: 'locations-api answering again' },
    );
    expect(stored!.map((l) => l.id)).toEqual(locations.slice(0, stored!.length).map((l) => l.id));
  });
});
