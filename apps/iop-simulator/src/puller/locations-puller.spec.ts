import { sampleLocationV221 } from '@app/ocpi/fixtures/location.fixtures';
import { type HttpGet, LocationsPuller, type PullOptions } from './locations-puller';

const VERSIONS = 'https://cpo.example.com/ocpi/versions';
const DETAILS = 'https://cpo.example.com/ocpi/2.2.1';
const LOCATIONS = 'https://cpo.example.com/ocpi/2.2.1/locations';

const options: PullOptions = {
  versionsUrl: VERSIONS,
  token: 'token-c',
  version: '2.2.1',
  pageSize: 2,
  maxPages: 10,
  party: { country_code: 'FR', party_id: 'ABC' },
  iop: { country_code: 'FR', party_id: '007' },
};

const location = (id: string) => ({ ...sampleLocationV221(), id });

interface Page {
  items: unknown[];
  total?: string | null;
  limit?: string | null;
  next?: string | null;
}

/** A CPO whose Locations endpoint serves `pages` in turn (page n at ?page=n). */
function cpo(pages: Page[], seen: { url: string; headers: Record<string, string> }[] = []): HttpGet {
  const envelope = (data: unknown) => ({ status_code: 1000, data, timestamp: '2026-11-24T00:00:00Z' });
  return async (url, headers) => {
    seen.push({ url, headers });
    const plain = (body: unknown, responseHeaders: Record<string, string | null> = {}) => ({
      status: 200,
      header: (name: string) => responseHeaders[name] ?? null,
      json: async () => body,
    });
    if (url === VERSIONS) return plain(envelope([{ version: '2.2.1', url: DETAILS }]));
    if (url === DETAILS) return plain(envelope({ version: '2.2.1', endpoints: [{ identifier: 'locations', role: 'SENDER', url: LOCATIONS }] }));
    const index = Number(new URL(url).searchParams.get('page') ?? 0);
    const page = pages[index]!;
    return plain(envelope(page.items), {
      'X-Total-Count': page.total === undefined ? '4' : page.total,
      'X-Limit': page.limit === undefined ? '2' : page.limit,
      Link: page.next === undefined ? (index + 1 < pages.length ? `<${LOCATIONS}?page=${index + 1}>; rel="next"` : null) : page.next,
    });
  };
}

describe('LocationsPuller', () => {
  it('crawls every page by Link from the URL the version details give, with the 2.2.1 headers, and finds nothing wrong', async () => {
    const seen: { url: string; headers: Record<string, string> }[] = [];
    const report = await new LocationsPuller(cpo([{ items: [location('A'), location('B')] }, { items: [location('C'), location('D')] }], seen)).pull(options);
    expect(report).toEqual({ version: '2.2.1', page_size: 2, pages: 2, locations: 4, x_total_count: 4, problems: [] });
    expect(seen[2]!.url).toBe(`${LOCATIONS}?limit=2`);
    expect(seen[2]!.headers).toMatchObject({ authorization: `Token ${Buffer.from('token-c').toString('base64')}`, 'OCPI-to-party-id': 'ABC', 'OCPI-from-party-id': '007' });
  });

  it('sends request ids but no routing headers on versions and version details, a configuration module (2.2.1 transport_and_format)', async () => {
    const seen: { url: string; headers: Record<string, string> }[] = [];
    await new LocationsPuller(cpo([{ items: [location('A'), location('B')] }, { items: [location('C'), location('D')] }], seen)).pull(options);
    for (const discovery of [seen[0]!, seen[1]!]) {
      expect(Object.keys(discovery.headers).filter((name) => name.startsWith('OCPI-'))).toEqual([]);
      expect(discovery.headers).toEqual({ authorization: expect.any(String), 'X-Request-ID': expect.any(String), 'X-Correlation-ID': expect.any(String) });
    }
  });

  it('reports an oversized page, duplicates across pages and a total that changes mid-crawl', async () => {
    const report = await new LocationsPuller(cpo([{ items: [location('A'), location('B'), location('X')] }, { items: [location('B')], total: '5' }])).pull(options);
    expect(report.problems).toEqual([
      'page 1: 3 Locations, more than the limit 2',
      'page 2: X-Total-Count changed from 4 to 5 during the crawl',
      'page 2[0]: Location FR/ABC/B already served on an earlier page',
    ]);
  });

  it('reports a gap when the Link stops early, missing headers, a bad Link and invalid Locations', async () => {
    const broken = { ...location('C'), operator: undefined };
    const report = await new LocationsPuller(cpo([{ items: [location('A'), broken], total: null, limit: null, next: 'https://nowhere' }])).pull(options);
    expect(report.problems).toEqual(
      expect.arrayContaining([
        'page 1: X-Total-Count missing or not an integer',
        'page 1: X-Limit missing or not an integer',
        expect.stringMatching(/^page 1\[1\] \(FR\/ABC\/C\): operator/),
        'page 1: Link header "https://nowhere" is not <url>; rel="next"',
      ]),
    );
    const gap = await new LocationsPuller(cpo([{ items: [location('A'), location('B')], next: null }])).pull(options);
    expect(gap.problems).toEqual(['counted 2 Locations across pages, X-Total-Count said 4 (gaps or a missing Link)']);
  });

  it('reports an HTTP or OCPI error and an endless crawl', async () => {
    const failing: HttpGet = async () => ({ status: 401, header: () => null, json: async () => ({ status_code: 2001, status_message: 'bad token' }) });
    expect((await new LocationsPuller(failing).pull(options)).problems).toEqual([`versions: HTTP 401 from ${VERSIONS}`, 'versions: OCPI status 2001 (bad token)']);
    const endless = await new LocationsPuller(cpo([{ items: [location('A')], next: `<${LOCATIONS}?page=0>; rel="next"` }])).pull({ ...options, maxPages: 3 });
    expect(endless.problems).toEqual(expect.arrayContaining(['stopped after 3 pages (max_pages) with a next page still announced']));
  });
});
