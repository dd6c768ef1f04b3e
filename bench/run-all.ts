import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { MeasuredOn } from '@app/testing';
import { type GoalRow, type Spread, valueMet } from './bench-kit';
import { histogramSvg, type LatencyHistogram } from './histogram-svg';

/**
 * `npm run bench`: runs every compiled benchmark (dist/bench/*.bench.js) one
 * after another, then writes bench/REPORT.md from their bench/results/*.json.
 * `--report-only` rewrites the report from the results already there.
 */
interface Row {
  figure: string;
  value: number | string;
  unit?: string;
  goal?: string | null;
  baseline?: number | string | null;
}
interface Result {
  name: string;
  title: string;
  rows: Row[];
  notes?: string;
  histograms?: LatencyHistogram[];
  goals?: GoalRow[];
  measured?: MeasuredOn;
}

const ROOT = resolve(__dirname, '..', '..');
const RESULTS = join(ROOT, 'bench', 'results');
/** The heap of each benchmark's own process (this machine has 24 GiB). */
const BENCH_HEAP_MB = 12_288;

function runBenchmarks(): void {
  const benches = readdirSync(__dirname)
    .filter((file) => file.endsWith('.bench.js'))
    .sort();
  const started = Date.now();
  benches.forEach((file, i) => {
    console.log(`[bench ${i + 1}/${benches.length}] ${file}`);
    const benchStarted = Date.now();
    // The sender's-truth checks hold every event sent and read back, and their number grows with the machine's speed:
    // on a fast day the durability bench's 2.7+ million events outgrew Node's default 4 GB heap.
    const run = spawnSync(process.execPath, [`--max-old-space-size=${BENCH_HEAP_MB}`, join(__dirname, file)], { stdio: 'inherit', cwd: ROOT });
    if (run.status !== 0) console.log(`[bench] ${file} failed (exit ${run.status}); its previous result, if any, stays in the report`);
    console.log(`[bench] ${file} took ${Math.round((Date.now() - benchStarted) / 1000)} s`);
  });
  console.log(`[bench] all benchmarks took ${Math.round((Date.now() - started) / 60_000)} min`);
}

function version(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
      .split('\n')[0]
      .trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr;
    return stderr ? stderr.split('\n')[0].trim() : 'not found';
  }
}

/**
 * The hosts behind this machine change from day to day (AMD EPYC one day,
 * Intel Xeon the next, at different speeds): each result says where it was
 * measured, and the report lists them; then the tools' versions here.
 */
function machines(results: Result[]): string {
  const machineOf = (r: Result) => r.measured?.machine ?? 'not recorded';
  const hosts = [...new Set(results.map(machineOf))];
  const javaVersion = spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr?.split('\n')[0] ?? 'not found';
  return [
    'Each section says when and on which machine it was measured. Its ratios compare figures of one run; sections measured on different hosts do not compare with each other.',
    '',
    ...hosts.map(
      (host) =>
        `- ${host}: ${results
          .filter((r) => machineOf(r) === host)
          .map((r) => r.name)
          .join(', ')}`,
    ),
    `- Written with Node ${process.version}; ${javaVersion}; ${version('psql', ['--version'])}; Kafka ${process.env.KAFKA_VERSION ?? '4.3.1'} (deploy/local/kafka.sh)`,
  ].join('\n');
}

const cell = (value: unknown): string => (value === undefined || value === null || value === '' ? '–' : String(value).replace(/\|/g, '\\|'));

function table(result: Result): string {
  const lines = ['| figure | value | goal | met? | baseline (same run) |', '|---|---|---|---|---|'];
  for (const row of result.rows) {
    const met = valueMet(row.value, row.goal);
    lines.push(`| ${cell(row.figure)} | ${cell(row.value)} ${row.unit ?? ''} | ${cell(row.goal)} | ${met === undefined ? '–' : met ? 'met' : '**missed**'} | ${cell(row.baseline)} |`);
  }
  return lines.join('\n');
}

const number = (n: number): string => (Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : Number(n.toPrecision(3)).toString());
const spread = (s: Spread): string => `${number(s.median)} (${number(s.min)}–${number(s.max)})`;

/** µs of CPU per unit: the total, then each process, largest first. */
function cpuCell(s: Spread, unit: string | null): string {
  if (!unit || !s.cpuPerUnit) return '–';
  const { total, ...processes } = s.cpuPerUnit;
  const parts = Object.entries(processes)
    .sort(([, a], [, b]) => b - a)
    .map(([name, us]) => `${name} ${number(us)}`);
  return `**${number(total ?? 0)}** µs/${unit}: ${parts.join(', ')}`;
}

/** Goals as ratios: medians (min–max) of interleaved rounds, met or missed on the ratio of the medians. */
function goalsTable(goals: GoalRow[]): string {
  const lines = [
    '| figure | median (spread) | baseline, same run: median (spread) | ratio of medians | goal (ratio) | met? | CPU µs/unit, measured | CPU µs/unit, baseline |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const g of goals) {
    lines.push(
      `| ${cell(g.figure)} | ${spread(g.measured)} ${g.unit} | ${cell(g.baselineName)}: ${spread(g.baseline)} ${g.unit} | ${g.ratio.toFixed(2)} | ${g.goal} | ${g.met ? 'met' : '**missed**'} | ${cell(cpuCell(g.measured, g.cpuUnit))} | ${cell(cpuCell(g.baseline, g.cpuUnit))} |`,
    );
  }
  return lines.join('\n');
}

/** Writes each histogram of a result as bench/<file>.svg and returns the Markdown that shows them. */
function images(result: Result): string[] {
  return (result.histograms ?? []).map((histogram) => {
    writeFileSync(join(ROOT, 'bench', `${histogram.file}.svg`), histogramSvg(histogram));
    return `\n![${histogram.title}](${histogram.file}.svg)`;
  });
}

function writeReport(): void {
  const results: Result[] = existsSync(RESULTS)
    ? readdirSync(RESULTS)
        .filter((file) => file.endsWith('.json'))
        .sort()
        .map((file) => JSON.parse(readFileSync(join(RESULTS, file), 'utf8')) as Result)
    : [];
  const sections = results.map((r) =>
    [
      `## ${r.title ?? r.name}`,
      r.measured ? `\nMeasured ${r.measured.at.slice(0, 16)}Z on ${r.measured.machine}.` : '',
      r.notes ? `\n${r.notes}\n` : '',
      ...(r.goals?.length ? [goalsTable(r.goals), ''] : []),
      r.rows.length ? table(r) : '',
      ...images(r),
      '',
    ].join('\n'),
  );
  const report = [
    '# Benchmark report',
    '',
    `Written ${new Date().toISOString()} by bench/run-all.ts from bench/results/ (each section says when and where it was measured, its notes how and at which scale).`,
    '',
    '## Machines',
    '',
    machines(results),
    '',
    ...sections,
    '',
  ].join('\n');
  writeFileSync(join(ROOT, 'bench', 'REPORT.md'), report);
  console.log(`[bench] wrote bench/REPORT.md (${results.length} benchmarks)`);
}

if (!process.argv.includes('--report-only')) runBenchmarks();
writeReport();
