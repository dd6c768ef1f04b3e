/**
 * Benchmark: the OCPI Locations sender under a full pull, as GIREVE does it.
 *
 * Seeds 25,000 published Locations / 100,000 EVSEs (× BENCH_SCALE) into a bench
 * database, starts the built locations-api, and measures:
 * - a full crawl following Link at limit 100;
 * - p50/p99 page time at the first, middle and last page, reached by the Link
 *   cursor (keyset) and by a bare offset (what a client jumping to an offset gets);
 * - the X-Total-Count query alone;
 * - baseline, same run: the page's SQL + JSON serialisation straight through pg.
 * Goal: page p99 ≤ 1.5 × the raw-pg baseline's p99 at every depth (medians of
 * BENCH_ROUNDS interleaved rounds, bench-kit.ts), and ≤ 50 ms; CPU µs per page
 * by process (locations-api, this database's PostgreSQL backends, the load generator).
 * Writes bench/results/locations-pull.json.
 *
 * Run after `npm run build`: node dist/bench/locations-pull.bench.js  (BENCH_SCALE=0.05 for a smoke run)
 */
import { formatAuthorizationHeader } from '@app/ocpi';
import { hashToken } from '@app/platform';
import { dataSourceOptions, dropDatabase, ensureDatabase } from '@app/platform/database';
import { AppProcess, freePort } from '@app/testing';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { request } from 'undici';
import { locationsApiDatabase } from '../apps/locations-api/src/database/locations-api-database';
import { type GoalRow, goalRow, goalText, interleave, postgresBackends, profilingArgs, REPO_ROOT, type ResultRow, ROUNDS, type Sample, SCALE, withCpu, writeResult } from './bench-kit';

/** A name of its own each run: other runs on this machine's PostgreSQL must not drop it, nor be counted in its CPU. */
export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? `postgres://postgres@127.0.0.1:5432/gireve_bench_locations_${randomBytes(3).toString('hex')}`;
/** This run's PostgreSQL backends, for CPU per unit of work. */
export const benchBackends = () => postgresBackends(decodeURIComponent(new URL(BENCH_DATABASE_URL).pathname.slice(1)));
const EVSES_PER_LOCATION = 4;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 200);
const PAGE_LIMIT = 100;

/** A valid OCPI 2.2.1 Location (GIREVE profile) of CPO FR/ABC with `evses` EVSEs of two connectors. */
export function benchLocation(n: number, evses = EVSES_PER_LOCATION, stamp = '2026-01-01T00:00:00Z'): Record<string, unknown> {
  const id = `LOC${String(n).padStart(6, '0')}`;
  return {
    country_code: 'FR',
    party_id: 'ABC',
    id,
    publish: true,
    name: `Station ${n}`,
    address: `${n} avenue de la République`,
    city: 'Paris',
    postal_code: '75011',
    country: 'FRA',
    coordinates: { latitude: (48 + (n % 1000) / 1000).toFixed(6), longitude: (2 + (n % 997) / 1000).toFixed(6) },
    parking_type: 'ON_STREET',
    time_zone: 'Europe/Paris',
    operator: { name: 'Example CPO' },
    owner: { name: 'Ville de Paris' },
    facilities: ['CAFE'],
    evses: Array.from({ length: evses }, (_, i) => ({
      uid: `${id}-${i + 1}`,
      evse_id: `FR*ABC*E${n}*${i + 1}`,
      status: 'AVAILABLE',
      capabilities: ['RFID_READER', 'REMOTE_START_STOP_CAPABLE'],
      connectors: [
        { id: '1', standard: 'IEC_62196_T2', format: 'SOCKET', power_type: 'AC_3_PHASE', max_voltage: 230, max_amperage: 32, tariff_ids: ['AC'], last_updated: stamp },
        { id: '2', standard: 'IEC_62196_T2_COMBO', format: 'CABLE', power_type: 'DC', max_voltage: 400, max_amperage: 125, tariff_ids: ['DC'], last_updated: stamp },
      ],
      last_updated: stamp,
    })),
    last_updated: stamp,
  };
}

/** A fresh, migrated bench database. */
export async function freshDatabase(): Promise<void> {
  await dropDatabase(BENCH_DATABASE_URL);
  await ensureDatabase(BENCH_DATABASE_URL);
  const options = locationsApiDatabase(BENCH_DATABASE_URL, true);
  const dataSource = new DataSource(dataSourceOptions(options));
  await dataSource.initialize();
  await dataSource.runMigrations();
  await dataSource.destroy();
}

/** The built locations-api as its own process, on the bench database; Kafka is not needed to serve pulls. */
export function startLocationsApi(port: number, env: Record<string, string> = {}): Promise<AppProcess> {
  // Output to a file: with no broker to reach, kafkajs keeps reporting connection errors that do not matter here.
  return AppProcess.start(
    'locations-api',
    port,
    {
      DATABASE_URL: BENCH_DATABASE_URL,
      OCPI_PUBLIC_URL: `http://127.0.0.1:${port}`,
      OCPI_PAGE_LIMIT: String(PAGE_LIMIT),
      KAFKA_BROKERS: process.env.BENCH_KAFKA_BROKERS ?? '127.0.0.1:1',
      LOG_LEVEL: 'error',
      ...env,
    },
    { logFile: resolve(REPO_ROOT, '.cache/bench-locations-api.log'), nodeArgs: profilingArgs() },
  );
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);
}

export function round(value: number, digits = 2): number {
  return Number(value.toFixed(digits));
}

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

export async function writeResults(name: string, title: string, rows: ResultRow[], notes: string, goals: GoalRow[] = []): Promise<void> {
  await writeResult({ name, title, rows, goals, notes });
  console.table(rows);
  goals.forEach((goal) => console.log(goalText(goal)));
}

/** Seeds `count` Locations with multi-row INSERTs (1,000 a statement), registers an IOP, and returns its token C. */
async function seed(db: Client, count: number): Promise<string> {
  for (let start = 0; start < count; start += 1000) {
    const bodies = Array.from({ length: Math.min(1000, count - start) }, (_, i) => benchLocation(start + i));
    await db.query(
      `INSERT INTO locations (country_code, party_id, id, publish, last_updated, body)
       SELECT 'FR', 'ABC', b->>'id', true, (b->>'last_updated')::timestamptz, b FROM unnest($1::jsonb[]) AS b`,
      [bodies.map((b) => JSON.stringify(b))],
    );
  }
  await db.query('VACUUM ANALYZE locations');
  const tokenC = 'bench-token-c-0123456789abcdef';
  await db.query(
    `INSERT INTO iop_registration (id, version, versions_url, endpoints, token_b, token_c_hash, country_code, party_id, parties, registered_at, updated_at)
     VALUES (1, '2.2.1', 'http://127.0.0.1:9/versions', '[]', 'unused', $1, 'FR', '107', '[]', now(), now())`,
    [hashToken(tokenC)],
  );
  return tokenC;
}

async function main(): Promise<void> {
  const count = Math.round(25_000 * SCALE);
  console.error(`seeding ${count} Locations / ${count * EVSES_PER_LOCATION} EVSEs…`);
  await freshDatabase();
  const db = new Client({ connectionString: BENCH_DATABASE_URL });
  await db.connect();
  const seeding = await timed(() => seed(db, count));
  const tokenC = seeding.value;
  console.error(`seeded in ${round(seeding.ms / 1000, 1)} s`);

  const port = await freePort();
  const app = await startLocationsApi(port);
  const base = `http://127.0.0.1:${port}/ocpi/cpo/2.2.1/locations`;
  const authorization = formatAuthorizationHeader(tokenC, '2.2.1');
  const get = async (url: string): Promise<{ link?: string; size: number }> => {
    const response = await request(url, { headers: { authorization } });
    if (response.statusCode !== 200) throw new Error(`GET ${url}: HTTP ${response.statusCode}`);
    const body = (await response.body.json()) as { data: unknown[] };
    const link = /^<([^>]+)>; rel="next"$/.exec(String(response.headers.link ?? ''))?.[1];
    return { link, size: body.data.length };
  };

  try {
    for (let i = 0; i < 20; i++) await get(`${base}?limit=${PAGE_LIMIT}`); // warm-up

    // 1. The full crawl, following Link; remember the URLs of the first, middle and last pages.
    const pageUrls: string[] = [];
    const pageTimes: number[] = [];
    let url: string | undefined = `${base}?limit=${PAGE_LIMIT}`;
    let seen = 0;
    const crawl = await timed(async () => {
      while (url) {
        pageUrls.push(url);
        const page = await timed(() => get(url!));
        pageTimes.push(page.ms);
        seen += page.value.size;
        url = page.value.link;
      }
    });
    if (seen !== count) throw new Error(`crawl saw ${seen} Locations, expected ${count}`);
    const pages = pageUrls.length;
    const at = { first: 0, middle: Math.floor(pages / 2), last: pages - 1 };

    const rows: ResultRow[] = [
      { figure: `full crawl via Link (${count} Locations, ${pages} pages of ${PAGE_LIMIT})`, value: round(crawl.ms), unit: 'ms', goal: null, baseline: null },
      { figure: 'crawl page time p50', value: percentile(pageTimes, 50), unit: 'ms', goal: '≤ 50 at p99', baseline: null },
      { figure: 'crawl page time p99', value: percentile(pageTimes, 99), unit: 'ms', goal: '≤ 50', baseline: null },
    ];

    /** REPEATS sequential requests: their p99 as the round's value, and the CPU per page of `processes`. */
    const pagesRound = async (processes: Parameters<typeof withCpu>[0], read: () => Promise<unknown>): Promise<Sample & { times: number[] }> => {
      const { times, use } = await withCpu(processes, async () => {
        const samples: number[] = [];
        for (let i = 0; i < REPEATS; i++) samples.push((await timed(read)).ms);
        return { times: samples };
      });
      return { value: percentile(times, 99), use, units: REPEATS, times };
    };
    const appProcesses = { 'locations-api': app.pid, 'PostgreSQL backends': benchBackends() };
    const rawProcesses = { 'PostgreSQL backends': benchBackends() };

    // 2. Baseline in the same run: the page's SQL (keyset and offset forms) and the count, straight through pg, + JSON.
    const rawPage = async (afterSeq: string | undefined, offset: number) => {
      const rows = afterSeq
        ? (await db.query('SELECT seq, body FROM locations WHERE publish AND seq > $1 ORDER BY seq LIMIT $2', [afterSeq, PAGE_LIMIT + 1])).rows
        : (await db.query('SELECT seq, body FROM locations WHERE publish ORDER BY seq OFFSET $1 LIMIT $2', [offset, PAGE_LIMIT + 1])).rows;
      await db.query('SELECT count(*)::int FROM locations WHERE publish');
      return JSON.stringify({ data: rows.slice(0, PAGE_LIMIT).map((r) => r.body), status_code: 1000 }).length;
    };
    const seqAt = async (offset: number): Promise<string | undefined> =>
      offset === 0 ? undefined : (await db.query('SELECT seq FROM locations WHERE publish ORDER BY seq OFFSET $1 LIMIT 1', [offset - 1])).rows[0].seq;

    const goals: GoalRow[] = [];
    for (const [name, page] of Object.entries(at)) {
      const offset = page * PAGE_LIMIT;
      const afterSeq = await seqAt(offset);
      const forms = [
        { form: 'Link cursor', url: pageUrls[page]!, raw: () => rawPage(afterSeq, offset), rawName: 'keyset `seq > x`' },
        { form: 'plain offset', url: `${base}?offset=${offset}&limit=${PAGE_LIMIT}`, raw: () => rawPage(undefined, offset), rawName: '`OFFSET n`' },
      ];
      for (const { form, url: pageUrl, raw, rawName } of forms) {
        const rounds = await interleave(
          `pull ${name} page via ${form}`,
          () => pagesRound(rawProcesses, raw),
          () => pagesRound(appProcesses, () => get(pageUrl)),
        );
        const goal = goalRow({
          figure: `${name} page (offset ${offset}) via ${form}: page time p99 over ${REPEATS} requests`,
          unit: 'ms',
          measured: rounds.b,
          baselineName: `the page straight through pg (${rawName}, the count, JSON.stringify)`,
          baseline: rounds.a,
          goal: ['≤', 1.5],
          cpuUnit: 'page',
        });
        goals.push(goal);
        console.log(goalText(goal));
        const all = rounds.b.flatMap((r) => r.times);
        const allRaw = rounds.a.flatMap((r) => r.times);
        rows.push(
          { figure: `${name} page (offset ${offset}) via ${form}, p50 (all rounds)`, value: percentile(all, 50), unit: 'ms', goal: null, baseline: percentile(allRaw, 50) },
          {
            figure: `${name} page (offset ${offset}) via ${form}, p99 (median of ${ROUNDS} rounds)`,
            value: round(goal.measured.median),
            unit: 'ms',
            goal: '≤ 50',
            baseline: round(goal.baseline.median),
          },
        );
      }
    }

    // 3. X-Total-Count alone, with and without a date window.
    const count1: number[] = [];
    const count2: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      count1.push((await timed(() => db.query('SELECT count(*)::int FROM locations WHERE publish'))).ms);
      count2.push((await timed(() => db.query("SELECT count(*)::int FROM locations WHERE publish AND last_updated >= '2025-12-31T00:00:00Z' AND last_updated < '2026-01-02T00:00:00Z'"))).ms);
    }
    rows.push(
      { figure: 'X-Total-Count query p50 (no filter)', value: percentile(count1, 50), unit: 'ms', goal: null, baseline: null },
      { figure: 'X-Total-Count query p50 (date window)', value: percentile(count2, 50), unit: 'ms', goal: null, baseline: null },
    );

    await writeResults(
      'locations-pull',
      'OCPI Locations sender: full pull at limit 100 and page time by depth',
      rows,
      `${count} Locations / ${count * EVSES_PER_LOCATION} EVSEs (BENCH_SCALE=${SCALE}), ${REPEATS} samples per page figure and round, ${ROUNDS} interleaved rounds (baseline and app, counterbalanced: the baseline first in odd rounds), sequential requests on one keep-alive connection. ` +
        'Baseline = one page read straight through pg in this run (naive SQL: keyset `seq > x` for the Link rows, `OFFSET n` for the plain-offset rows) + the count + JSON.stringify. ' +
        "CPU µs per page: utime + stime from /proc of locations-api, this run's PostgreSQL backends and the load generator (this process: HTTP client, or pg client and JSON.stringify for the baseline). " +
        `Seeding took ${round(seeding.ms / 1000, 1)} s.`,
      goals,
    );
  } finally {
    await app.stop();
    await db.end();
    await dropDatabase(BENCH_DATABASE_URL);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
