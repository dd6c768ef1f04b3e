/**
 * Benchmark: bulk import of Locations into locations-api, in Locations/s.
 *
 * Imports 25,000 Locations / 100,000 EVSEs (× BENCH_SCALE) through
 * POST /admin/locations/import of the built app (validation against the GIREVE
 * profile, last_updated stamping, outbox rows, all in transactions of 500),
 * then the same file again (every Location unchanged: the diff path), then with
 * every Location renamed (the replace path). Baseline, same run: the same
 * bodies inserted straight through pg (multi-row INSERT, no validation, no
 * outbox). The first import and the baseline run in BENCH_ROUNDS interleaved
 * rounds, each on a fresh database (goal: ≥ 50 % of the baseline's Locations/s,
 * on the medians), with CPU µs per Location by process. Writes bench/results/locations-import.json.
 *
 * Run after `npm run build`: node dist/bench/locations-import.bench.js  (BENCH_SCALE=0.05 for a smoke run)
 */
import { dropDatabase } from '@app/platform/database';
import { type AppProcess, freePort } from '@app/testing';
import { Client } from 'pg';
import { request } from 'undici';
import { goalRow, goalText, interleave, type ResultRow, ROUNDS, type Sample, SCALE, withCpu } from './bench-kit';
import { BENCH_DATABASE_URL, benchBackends, benchLocation, freshDatabase, round, startLocationsApi, timed, writeResults } from './locations-pull.bench';

const ADMIN_KEY = 'bench-admin-key-0123456789';

async function main(): Promise<void> {
  const count = Math.round(25_000 * SCALE);
  const file = Array.from({ length: count }, (_, n) => {
    const { last_updated: _stamp, ...location } = benchLocation(n);
    return location;
  });
  const body = JSON.stringify(file);
  const renamed = JSON.stringify(file.map((location) => ({ ...location, name: `${location.name} (renamed)` })));
  console.error(`importing ${count} Locations (${round(body.length / 1024 / 1024, 1)} MiB)…`);

  // Baseline: the same rows straight into PostgreSQL, on a fresh database.
  let appHoldsFile = false; // the running app's database holds the file (appImport ran last)
  const rawInsert = async (): Promise<Sample> => {
    appHoldsFile = false;
    await freshDatabase();
    const db = new Client({ connectionString: BENCH_DATABASE_URL });
    await db.connect();
    try {
      const { ms, use } = await withCpu({ 'PostgreSQL backends': benchBackends() }, () =>
        timed(async () => {
          for (let start = 0; start < count; start += 500) {
            const chunk = file.slice(start, start + 500).map((l) => JSON.stringify({ ...l, last_updated: '2026-01-01T00:00:00Z' }));
            await db.query(
              `INSERT INTO locations (country_code, party_id, id, publish, last_updated, body)
               SELECT 'FR', 'ABC', b->>'id', true, now(), b FROM unnest($1::jsonb[]) AS b`,
              [chunk],
            );
          }
        }),
      );
      return { value: count / (ms / 1000), use, units: count };
    } finally {
      await db.end();
    }
  };

  const port = await freePort();
  let app: AppProcess | undefined;
  const importFile = async (payload: string) => {
    const response = await request(`http://127.0.0.1:${port}/admin/locations/import`, {
      method: 'POST',
      headers: { 'x-api-key': ADMIN_KEY, 'content-type': 'application/json' },
      body: payload,
      headersTimeout: 600_000,
      bodyTimeout: 600_000,
    });
    const report = (await response.body.json()) as { accepted: number; created: number; replaced: number; unchanged: number; rejected: unknown[] };
    if (response.statusCode !== 200 || report.accepted !== count) throw new Error(`import answered ${response.statusCode}: ${JSON.stringify(report).slice(0, 500)}`);
    return report;
  };
  /** The app's round: a fresh database, the app started on it, the file imported (all new). */
  const appImport = async (): Promise<Sample> => {
    if (app) await app.stop();
    await freshDatabase();
    app = await startLocationsApi(port, { ADMIN_API_KEY: ADMIN_KEY, ADMIN_IMPORT_MAX_MB: '2048' });
    const { ms, value, use } = await withCpu({ 'locations-api': app.pid, 'PostgreSQL backends': benchBackends() }, () => timed(() => importFile(body)));
    if (value.created !== count) throw new Error(`expected ${count} Locations created, got ${value.created}`);
    appHoldsFile = true;
    return { value: count / (ms / 1000), use, units: count };
  };
  try {
    const rounds = await interleave('import', rawInsert, appImport);
    const goal = goalRow({
      figure: `import via API, new Locations (${count} a file), each round on a fresh database`,
      unit: 'Locations/s',
      measured: rounds.b,
      baselineName: 'multi-row INSERT straight through pg (500 a statement, no validation, no outbox)',
      baseline: rounds.a,
      goal: ['≥', 0.5],
      cpuUnit: 'Location',
    });
    console.log(goalText(goal));
    // On a database the app imported the file into (the rounds are counterbalanced: the last may be the baseline's),
    // the same file again, then every Location renamed.
    if (!appHoldsFile) await appImport();
    const unchanged = await timed(() => importFile(body));
    const replaced = await timed(() => importFile(renamed));
    if (unchanged.value.unchanged !== count || replaced.value.replaced !== count) throw new Error('unexpected import outcomes');
    const rate = (ms: number) => round(count / (ms / 1000), 0);
    const baselineRate = round(goal.baseline.median, 0);
    const rows: ResultRow[] = [
      { figure: 'import via API, same file again (all unchanged), one run', value: rate(unchanged.ms), unit: 'Locations/s', goal: null, baseline: baselineRate },
      { figure: 'import via API, every Location renamed (all replaced), one run', value: rate(replaced.ms), unit: 'Locations/s', goal: null, baseline: baselineRate },
      {
        figure: 'import via API, new Locations: total time (median of rounds)',
        value: round(count / goal.measured.median, 2),
        unit: 's',
        goal: null,
        baseline: round(count / goal.baseline.median, 2),
      },
    ];
    await writeResults(
      'locations-import',
      'Bulk import of Locations (validation, last_updated stamping, outbox) in Locations/s',
      rows,
      `${count} Locations / ${count * 4} EVSEs (BENCH_SCALE=${SCALE}), one POST /admin/locations/import per row, Kafka not running (the outbox keeps the messages); ${ROUNDS} interleaved rounds (baseline and app, counterbalanced: the baseline first in odd rounds; each on a fresh database). ` +
        'Baseline = the same bodies inserted straight through pg, 500 per multi-row INSERT, without validation or outbox, in this run. ' +
        "CPU µs per Location: utime + stime from /proc of locations-api, this run's PostgreSQL backends and the load generator (this process: the HTTP client, or the pg client and JSON.stringify for the baseline).",
      [goal],
    );
  } finally {
    if (app) await app.stop();
    await dropDatabase(BENCH_DATABASE_URL);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
