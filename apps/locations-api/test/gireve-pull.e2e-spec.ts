import { formatAuthorizationHeader, type OcpiVersion } from '@app/ocpi';
import { sampleLocationV221 } from '@app/ocpi/fixtures/location.fixtures';
import { AppProcess, freePort, generatedLocations } from '@app/testing';
import { location } from './location.fixture';
import { LocationsApiHarness, TOKEN_A } from './locations-api.harness';

interface PullReport {
  version: string;
  pages: number;
  locations: number;
  x_total_count: number | null;
  problems: string[];
}

/**
 * GIREVE's pull of our Locations, played by the simulator's puller against the
 * real locations-api after a real registration: every page, every header,
 * every object checked; and the receiver refusing what GIREVE would refuse.
 */
describe('locations-api pulled by the IOP simulator as GIREVE does', () => {
  let api: LocationsApiHarness;
  let simulator: AppProcess;

  beforeAll(async () => {
    api = await LocationsApiHarness.start('pull');
    const port = await freePort();
    simulator = await AppProcess.start('iop-simulator', port, { IOP_PUBLIC_URL: `http://127.0.0.1:${port}` });
    const ids = Array.from({ length: 45 }, (_, i) => `P${String(i).padStart(2, '0')}`);
    const report = await (
      await api.admin(
        'POST',
        '/locations/import',
        ids.map((id) => location(id, { evses: 2 })),
      )
    ).json();
    expect(report).toMatchObject({ accepted: 45, rejected: [] });
  });

  let registered: { version: OcpiVersion; token_c: string } | undefined;

  /** Register FromIOP in `version`: token C serves only the registered version, so a registration in another one ends first (DELETE credentials). */
  async function registerIn(version: OcpiVersion): Promise<void> {
    if (registered) {
      const deleted = await fetch(`${api.url}/ocpi/cpo/${registered.version}/credentials`, {
        method: 'DELETE',
        headers: { authorization: formatAuthorizationHeader(registered.token_c, registered.version) },
      });
      expect(deleted.status).toBe(200);
    }
    const response = await simulatorPost('/admin/register', { versions_url: `${api.url}/ocpi/cpo/versions`, token_a: TOKEN_A, version });
    expect(response.status).toBeLessThan(300);
    registered = (await response.json()) as { version: OcpiVersion; token_c: string };
  }

  async function simulatorPost(path: string, body: unknown): Promise<Response> {
    return fetch(`${simulator.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }

  afterAll(async () => {
    await simulator?.stop();
    await api?.stop();
  });

  it.each(['2.1.1', '2.2.1'] as const)('crawls 45 Locations in 3 pages of 20 in %s, registered in it, with no problem', async (version) => {
    await registerIn(version);
    const report = (await (await simulatorPost('/admin/pull', { page_size: 20, version })).json()) as PullReport;
    expect(report).toEqual({ version, page_size: 20, pages: 3, locations: 45, x_total_count: 45, problems: [] });
  });

  it('reports what is wrong with a sender: a total that does not match and a Link that is not one', async () => {
    // A fake sender, served by the simulator's own faults would not do: a tiny server of the test's.
    const { createServer } = await import('node:http');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = createServer((request, response) => {
      const ok = (data: unknown, headers: Record<string, string> = {}) => {
        response.writeHead(200, { 'content-type': 'application/json', ...headers });
        response.end(JSON.stringify({ status_code: 1000, data, timestamp: '2026-11-24T00:00:00Z' }));
      };
      if (request.url === '/versions') return ok([{ version: '2.2.1', url: `${base}/2.2.1` }]);
      if (request.url === '/2.2.1') return ok({ version: '2.2.1', endpoints: [{ identifier: 'locations', role: 'SENDER', url: `${base}/locations` }] });
      return ok([{ ...sampleLocationV221(), id: 'ONLY' }], { 'X-Total-Count': '3', 'X-Limit': '20', Link: 'next page please' });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      const report = (await (await simulatorPost('/admin/pull', { versions_url: `${base}/versions`, token: 'any', version: '2.2.1', page_size: 20 })).json()) as PullReport;
      expect(report.problems).toEqual(['page 1: Link header "next page please" is not <url>; rel="next"', 'counted 1 Locations across pages, X-Total-Count said 3 (gaps or a missing Link)']);
    } finally {
      server.close();
    }
  });

  it('refuses an invalid Location PUT with 400 and OCPI 2001, recording why', async () => {
    const bad = { ...location('BAD'), operator: undefined, country_code: 'FR', party_id: 'ABC' };
    const response = await fetch(`${simulator.url}/ocpi/emsp/2.1.1/locations/FR/ABC/BAD`, {
      method: 'PUT',
      headers: { authorization: 'Token dev-iop-token-b', 'content-type': 'application/json' },
      body: JSON.stringify(bad),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ status_code: 2001, status_message: expect.stringContaining('operator') });
    const [recorded] = (await (await fetch(`${simulator.url}/admin/requests?location_id=BAD`)).json()) as { http_status: number; problems: string[] }[];
    expect(recorded).toMatchObject({ http_status: 400, problems: expect.arrayContaining([expect.stringContaining('operator')]) });
  });

  // Last: it adds Locations to the 45 the crawls above count.
  it('imports 80 generated Locations (every optional field present or not, every connector kind, 5 to 7 decimals) and the strict puller finds no problem in either version', async () => {
    const generated = generatedLocations(80);
    const report = await (await api.admin('POST', '/locations/import', generated)).json();
    expect(report).toMatchObject({ accepted: 80, rejected: [] });
    const published = generated.filter((l) => l.publish !== false).length;
    for (const version of ['2.2.1', '2.1.1'] as const) {
      await registerIn(version);
      const pulled = (await (await simulatorPost('/admin/pull', { page_size: 100, version })).json()) as PullReport;
      // 2.1.1 has no publish flag: an unpublished Location is left out of it.
      const expected = 45 + (version === '2.2.1' ? generated.length : published);
      expect(pulled).toMatchObject({ version, locations: expected, x_total_count: expected, problems: [] });
    }
  });
});
