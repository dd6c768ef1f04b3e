/**
 * Helpers shared by the benchmarks that run on their own Kafka broker and start
 * built apps (dist/) as child processes: scaling, the broker, topics, child
 * servers, autocannon and the result file bench/run-all.ts turns into the report.
 */
import type { LatencyHistogram } from './histogram-svg';
import { AppProcess, createTopics as createContractTopics, freePort, type MeasuredOn, measuredOn } from '@app/testing';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';

export const SCALE = Number(process.env.BENCH_SCALE ?? 1);
export const REPO_ROOT = resolve(__dirname, '../..');
const KAFKA_SCRIPT = resolve(REPO_ROOT, 'deploy/local/kafka.sh');

/** `n` × BENCH_SCALE, at least `min`. */
export const scaled = (n: number, min: number): number => Math.max(min, Math.round(n * SCALE));

export interface ResultRow {
  figure: string;
  value: number;
  unit: string;
  goal: string | null;
  baseline: number | string | null;
}

export interface BenchResult {
  name: string;
  title: string;
  rows: ResultRow[];
  notes: string;
  /** Drawn as SVG images under the table (bench/<file>.svg). */
  histograms?: LatencyHistogram[];
  /** Goals as ratios to a baseline of the same run, medians of interleaved rounds: the first table of the section. */
  goals?: GoalRow[];
  /** Stamped by writeResult. */
  measured?: MeasuredOn;
}

/** Writes bench/results/<name>.json, read by `run-all --report-only`, stamped with when and where it was measured. */
export async function writeResult(result: BenchResult): Promise<void> {
  await mkdir(resolve(REPO_ROOT, 'bench/results'), { recursive: true });
  await writeFile(resolve(REPO_ROOT, `bench/results/${result.name}.json`), `${JSON.stringify({ ...result, measured: measuredOn() }, null, 2)}\n`);
}

// ---------- Kafka ----------

/** The broker's files: .cache/kafka/bench-<port>, apart from the tests' brokers. */
export const kafkaHomeDir = (port: number): string => resolve(REPO_ROOT, `.cache/kafka/bench-${port}`);

/** kafka.sh start|stop for the bench broker on `port`. */
export function kafkaBroker(command: 'start' | 'stop', port: number): void {
  execFileSync('bash', [KAFKA_SCRIPT, command], {
    env: { ...process.env, KAFKA_PORT: String(port), KAFKA_HOME_DIR: kafkaHomeDir(port) },
    stdio: 'inherit',
  });
}

export interface PerfSummary {
  records: number;
  recordsPerSecond: number;
  mbPerSecond: number;
  avgMs: number;
  maxMs: number;
  p50Ms: number;
  p99Ms: number;
}

/** Kafka's own producer benchmark (acks=all, idempotent, the Java client's defaults): its pid, and its parsed summary line. */
export function startProducerPerformance(options: { brokers: string; topic: string; records: number; recordSize: number }): { pid: number; summary: Promise<PerfSummary> } {
  const args = [
    '-Xmx512m', // as kafka-producer-perf-test.sh
    '-cp',
    kafkaToolsClasspath(),
    'org.apache.kafka.tools.ProducerPerformance',
    '--bootstrap-server',
    options.brokers,
    '--topic',
    options.topic,
    '--num-records',
    String(options.records),
    '--record-size',
    String(options.recordSize),
    '--throughput',
    '-1',
    '--command-property', // --producer-props is deprecated in Kafka 4.x
    'acks=all',
    'enable.idempotence=true',
  ];
  const java = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const summary = new Promise<PerfSummary>((done, fail) => {
    let output = '';
    java.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    java.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    java.once('error', fail);
    java.once('close', (code) => {
      const line = /(\d+) records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\), ([\d.]+) ms avg latency, ([\d.]+) ms max latency, (\d+) ms 50th, \d+ ms 95th, (\d+) ms 99th/.exec(output);
      if (code !== 0 || !line) return fail(new Error(`ProducerPerformance exited with ${code}:\n${output.slice(-3000)}`));
      const [records, recordsPerSecond, mbPerSecond, avgMs, maxMs, p50Ms, p99Ms] = line.slice(1).map(Number);
      done({ records: records!, recordsPerSecond: recordsPerSecond!, mbPerSecond: mbPerSecond!, avgMs: avgMs!, maxMs: maxMs!, p50Ms: p50Ms!, p99Ms: p99Ms! });
    });
  });
  return { pid: java.pid!, summary };
}

/** The classpath of Kafka's CLI tools (ProducerPerformance...), resolved by kafka.sh. */
export function kafkaToolsClasspath(): string {
  let classpath = '';
  try {
    classpath = execFileSync('bash', [KAFKA_SCRIPT, 'tools-classpath'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  } catch {
    // kafka.sh exits 1 without output once the classpath is cached (its `read` of the
    // cache file, which has no final newline, fails under `set -e`): read the cache.
  }
  const cached = resolve(REPO_ROOT, `.cache/kafka-tools-cp-${process.env.KAFKA_TOOLS_VERSION ?? process.env.KAFKA_VERSION ?? '4.3.1'}.txt`);
  if (!classpath && existsSync(cached)) classpath = readFileSync(cached, 'utf8').trim();
  if (!classpath) throw new Error('kafka.sh tools-classpath gave no classpath');
  return classpath;
}

/** Creates the pipeline's topics (and `extra` plain ones) with `partitions` partitions, those not there yet (libs/testing). */
export const createTopics = (brokers: string, partitions: number, extra: string[] = []): Promise<void> => createContractTopics(brokers, { partitions, extra });

// ---------- child servers ----------

/**
 * Starts `node dist/<script> <args>` (an absolute `script` as it is; libs/testing's AppProcess) on a free port
 * and waits until it listens; `env` gets the server's URL (e.g. for a public URL
 * setting). Its output goes to .cache/<log>.log. With BENCH_CPU_PROF_DIR set, it
 * runs under `node --cpu-prof` and writes its profile there when it exits.
 */
export async function startNodeServer(script: string, log: string, env: (url: string) => Record<string, string>, args: string[] = []): Promise<AppProcess> {
  const port = await freePort();
  await mkdir(resolve(REPO_ROOT, '.cache'), { recursive: true });
  const server = await AppProcess.start(log, port, env(`http://127.0.0.1:${port}`), { script, args, nodeArgs: profilingArgs(), logFile: resolve(REPO_ROOT, `.cache/${log}.log`) });
  // Should the bench die on an uncaught error, its servers do not outlive it.
  process.once('exit', () => {
    try {
      process.kill(server.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  });
  return server;
}

/** `node --cpu-prof` into BENCH_CPU_PROF_DIR, when it is set: the profile is written when the process exits. */
export function profilingArgs(): string[] {
  return process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : [];
}

/** Starts a built app, dist/apps/<name>/src/main.js (of this checkout, or of the `dist` given: see builtRef). */
export function startApp(name: string, log: string, env: (url: string) => Record<string, string>, dist = resolve(REPO_ROOT, 'dist')): Promise<AppProcess> {
  return startNodeServer(resolve(dist, `apps/${name}/src/main.js`), log, env);
}

/**
 * Issue 22's transport change: e41240a put the consumers on KafkaBatchServer
 * and the producers behind KafkaAckClient; 4debc5e is its parent. The ingest
 * and push benches run both, interleaved, to show the change costs nothing
 * beyond noise.
 */
export const TRANSPORT_CHANGE = { before: '4debc5e', after: 'e41240a' } as const;

/**
 * The dist/ of commit `ref`, built once in .cache/bench-refs/<ref> (git archive,
 * npm ci, npm run build) and kept; null when this clone lacks the commit (a
 * shallow clone), so the figure is left out.
 */
export function builtRef(ref: string): string | null {
  try {
    execFileSync('git', ['cat-file', '-e', `${ref}^{commit}`], { cwd: REPO_ROOT, stdio: 'ignore' });
  } catch {
    return null;
  }
  const dir = resolve(REPO_ROOT, '.cache/bench-refs', ref);
  const built = resolve(dir, 'dist/.bench-built');
  if (!existsSync(built)) {
    mkdirSync(dir, { recursive: true });
    execFileSync('bash', ['-c', `git archive ${ref} | tar -x -C "${dir}"`], { cwd: REPO_ROOT, stdio: 'inherit' });
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
    execFileSync('npm', ['run', 'build'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
    writeFileSync(built, '');
  }
  return resolve(dir, 'dist');
}

// ---------- load ----------

/** The part of autocannon's result the benches read (autocannon ships no types). */
export interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number; max: number };
  statusCodeStats: Record<string, { count: number }>;
}
export type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- autocannon ships no types: typed by the interface above
export const autocannon = require('autocannon') as Autocannon;

// ---------- CPU per unit of work ----------

/** USER_HZ, 100 on Linux (getconf CLK_TCK). */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time of a process, in seconds: utime + stime of /proc/<pid>/stat (counted after the command name, which may hold spaces). */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** Busy CPU time of the whole machine, all cores, in seconds (/proc/stat: user, nice, system, irq, softirq, steal). */
export function machineCpuSeconds(): number {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) / CLOCK_TICKS_PER_SECOND;
}

export function rssMb(pid: number): number {
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (kb === undefined) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb) / 1024;
}

/** The pid Kafka's broker on `port` wrote at its start. */
export const kafkaBrokerPid = (port: number): number => Number(readFileSync(resolve(kafkaHomeDir(port), 'kafka.pid'), 'utf8'));

/** Processes to measure: one pid, or a lookup run again at each sample (PostgreSQL backends come and go). */
export type PidSource = number | (() => number[]);

/**
 * The PostgreSQL backends serving databases whose name starts with `prefix`,
 * found by their process title ("postgres: <user> <database> <client> <state>").
 * PostgreSQL's shared processes (WAL writer, checkpointer...) serve every
 * helper's databases on this machine and are left out.
 */
export function postgresBackends(prefix: string): PidSource {
  return () => {
    const pids: number[] = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (backendDatabase(readFileSync(`/proc/${entry}/cmdline`, 'utf8'))?.startsWith(prefix)) pids.push(Number(entry));
      } catch {
        // exited meanwhile
      }
    }
    return pids;
  };
}

/** The database a PostgreSQL backend serves, from its /proc cmdline (its process title), or undefined for any other process. */
export function backendDatabase(cmdline: string): string | undefined {
  const title = cmdline.split(/[\0 ]+/);
  if (title[0] !== 'postgres:') return undefined;
  // Debian names its clusters: "postgres: 15/main: <user> <database> <client> <state>".
  const [, database, client] = title.slice(title[1]?.endsWith(':') ? 2 : 1);
  // A backend names its client, host(port) or [local]; the shared processes (checkpointer...) do not.
  return client && /\(\d+\)$|^\[local\]$/.test(client) ? database : undefined;
}

/** What a CpuMeter measured: CPU seconds by process (and the load generator, this process), over `seconds`. */
export interface CpuUse {
  seconds: number;
  cpu: Record<string, number>;
  /** The machine's busy CPU seconds beyond the named processes: other work on a shared machine shows here. */
  rest: number;
  /** Peak VmRSS of `rssPid`, MB. */
  peakMb: number;
}

export const LOAD_GENERATOR = 'load generator (bench)';

/**
 * CPU time of named processes between construction and stop(), sampled every
 * 500 ms so that a process that exits (or a backend that closes) keeps its last
 * sample; a pid first seen after the start counts from zero (born meanwhile).
 * The load generator is this process (autocannon, producers, pg clients), by process.cpuUsage().
 */
export class CpuMeter {
  private readonly startedAt = Date.now();
  private readonly first = new Map<string, number>();
  private readonly last = new Map<string, number>();
  private readonly benchStart = this.benchCpuSeconds();
  private readonly machineStart = machineCpuSeconds();
  private peakMb = 0;
  private readonly timer: NodeJS.Timeout;
  private result?: CpuUse;

  constructor(
    private readonly sources: Record<string, PidSource>,
    private readonly rssPid?: number,
  ) {
    this.sample(true);
    this.timer = setInterval(() => this.sample(false), 500);
  }

  /** The figures from start to the first stop() (later calls return the same). */
  stop(): CpuUse {
    if (this.result) return this.result;
    clearInterval(this.timer);
    this.sample(false);
    const cpu: Record<string, number> = {};
    for (const name of Object.keys(this.sources)) cpu[name] = 0;
    for (const [key, last] of this.last) cpu[key.slice(0, key.lastIndexOf('#'))]! += last - (this.first.get(key) ?? 0);
    cpu[LOAD_GENERATOR] = this.benchCpuSeconds() - this.benchStart;
    const named = Object.values(cpu).reduce((sum, value) => sum + value, 0);
    const rest = Math.max(0, machineCpuSeconds() - this.machineStart - named);
    this.result = { seconds: (Date.now() - this.startedAt) / 1000, cpu, rest, peakMb: this.peakMb };
    return this.result;
  }

  private benchCpuSeconds(): number {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  }

  /** Never throws (it runs in a timer). */
  private sample(atStart: boolean): void {
    for (const [name, source] of Object.entries(this.sources)) {
      let pids: number[] = [];
      try {
        pids = typeof source === 'number' ? [source] : source();
      } catch {
        continue;
      }
      for (const pid of pids) {
        const key = `${name}#${pid}`;
        try {
          const seconds = processCpuSeconds(pid);
          if (atStart || typeof source === 'number') {
            if (!this.first.has(key)) this.first.set(key, seconds);
          }
          this.last.set(key, seconds);
        } catch {
          // exited: its last sample stays
        }
      }
    }
    if (this.rssPid !== undefined) {
      try {
        this.peakMb = Math.max(this.peakMb, rssMb(this.rssPid));
      } catch {
        // exited
      }
    }
  }
}

/** Measures `work` with a CpuMeter over `sources`; stopped on failure too (no timer left behind). */
export async function withCpu<T>(sources: Record<string, PidSource>, work: () => Promise<T>, rssPid?: number): Promise<T & { use: CpuUse }> {
  const meter = new CpuMeter(sources, rssPid);
  try {
    return { ...(await work()), use: meter.stop() };
  } finally {
    meter.stop();
  }
}

/** µs of CPU per unit of work, by process and in total ('total'); the load generator included. */
export function cpuPerUnit(use: CpuUse, units: number): Record<string, number> {
  const perUnit: Record<string, number> = {};
  let total = 0;
  for (const [name, seconds] of Object.entries(use.cpu)) {
    perUnit[name] = (seconds * 1e6) / units;
    total += perUnit[name]!;
  }
  perUnit.total = total;
  return perUnit;
}

const fmtNumber = (n: number): string => (Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : Number(n.toPrecision(2)).toString());

/** "total 310 (charger-events 200, Kafka broker 80, ...)" */
export function cpuPerUnitText(perUnit: Record<string, number>): string {
  const parts = Object.entries(perUnit)
    .filter(([name]) => name !== 'total')
    .map(([name, us]) => `${name} ${fmtNumber(us)}`);
  return `total ${fmtNumber(perUnit.total ?? 0)} (${parts.join(', ')})`;
}

/** CPU in % of one core by process, and the rest of the machine. */
export function cpuPercentText(use: CpuUse): string {
  const percent = (seconds: number) => `${Math.round((100 * seconds) / use.seconds)} %`;
  return `${Object.entries(use.cpu)
    .map(([name, seconds]) => `${name} ${percent(seconds)}`)
    .join(', ')}, rest of the machine ${percent(use.rest)} of one core`;
}

// ---------- A/B rounds and goals as ratios ----------

/** BENCH_ROUNDS, at least 1 (3 by default): rounds of each A/B comparison. */
export const ROUNDS = Math.max(1, Math.round(Number(process.env.BENCH_ROUNDS ?? 3)));

/** One round's measurement: the figure, and the CPU it took for `units` units of work (requests, events, PATCHes, pages). */
export interface Sample {
  value: number;
  use?: CpuUse;
  units?: number;
}

/**
 * Runs A1 B1, B2 A2, A3 B3 ...: `rounds` rounds, counterbalanced (the baseline
 * first in odd rounds, the measured load first in even ones), so that whatever
 * favours the first or the second of two loads in a row (a broker or JIT still
 * warming, a machine slowing under sustained load) cannot favour one side.
 */
export async function interleave<A, B>(label: string, a: (round: number) => Promise<A>, b: (round: number) => Promise<B>, rounds = ROUNDS): Promise<{ a: A[]; b: B[] }> {
  const result = { a: [] as A[], b: [] as B[] };
  for (let round = 1; round <= rounds; round++) {
    const runA = async () => {
      console.log(`[${label}] round ${round}/${rounds}: baseline`);
      result.a.push(await a(round));
    };
    const runB = async () => {
      console.log(`[${label}] round ${round}/${rounds}: measured`);
      result.b.push(await b(round));
    };
    if (round % 2 === 1) await runA().then(runB);
    else await runB().then(runA);
  }
  return result;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
  rounds: number[];
  /** Median over rounds of µs of CPU per unit, by process and 'total'. */
  cpuPerUnit?: Record<string, number>;
}

function spread(samples: Sample[]): Spread {
  const rounds = samples.map((s) => s.value);
  const perUnit = samples.filter((s) => s.use && s.units).map((s) => cpuPerUnit(s.use!, s.units!));
  const names = [...new Set(perUnit.flatMap((p) => Object.keys(p)))];
  return {
    median: median(rounds),
    min: Math.min(...rounds),
    max: Math.max(...rounds),
    rounds,
    cpuPerUnit: perUnit.length ? Object.fromEntries(names.map((name) => [name, median(perUnit.map((p) => p[name] ?? 0))])) : undefined,
  };
}

/** A goal stated as a ratio to a baseline of the same run, met or missed on the ratio of the medians. */
export interface GoalRow {
  figure: string;
  unit: string;
  measured: Spread;
  baselineName: string;
  baseline: Spread;
  ratio: number;
  goal: string;
  met: boolean;
  /** What one unit of CPU work is (event, PATCH, page...). */
  cpuUnit: string | null;
}

export function goalRow(options: {
  figure: string;
  unit: string;
  measured: Sample[];
  baselineName: string;
  baseline: Sample[];
  /** ≥ ratio (throughput) or ≤ ratio (latency) of measured median / baseline median. */
  goal: ['≥' | '≤', number];
  cpuUnit?: string;
}): GoalRow {
  const measured = spread(options.measured);
  const baseline = spread(options.baseline);
  const ratio = measured.median / baseline.median;
  const [op, target] = options.goal;
  return {
    figure: options.figure,
    unit: options.unit,
    measured,
    baselineName: options.baselineName,
    baseline,
    ratio,
    goal: `${op} ${target}`,
    met: op === '≥' ? ratio >= target : ratio <= target,
    cpuUnit: options.cpuUnit ?? null,
  };
}

/**
 * Whether a figure meets a goal written as a plain comparison with a number
 * ("≤ 200", "≥ 3000", ">= 20000/s", "0", "= 200,000 (every transition)");
 * undefined when the value is not a number or the goal not such a comparison
 * ("within 900 s", "= accepted"), which the report leaves to its reader.
 */
export function valueMet(value: number | string, goal: string | null | undefined): boolean | undefined {
  const parsed = /^(≤|<=|≥|>=|=)?\s*(-?\d[\d,]*(?:\.\d+)?)(?![\d,.])/.exec(goal?.trim() ?? '');
  if (typeof value !== 'number' || !parsed) return undefined;
  const target = Number(parsed[2]!.replace(/,/g, ''));
  switch (parsed[1]) {
    case '≤':
    case '<=':
      return value <= target;
    case '≥':
    case '>=':
      return value >= target;
    default:
      return value === target;
  }
}

/** One line per goal for the console. */
export function goalText(row: GoalRow): string {
  const s = (x: Spread) => `${fmtNumber(x.median)} (${fmtNumber(x.min)}–${fmtNumber(x.max)})`;
  const cpu = row.cpuUnit && row.measured.cpuPerUnit ? `; CPU µs/${row.cpuUnit}: ${cpuPerUnitText(row.measured.cpuPerUnit)}` : '';
  const cpuBase = row.cpuUnit && row.baseline.cpuPerUnit ? `; baseline ${cpuPerUnitText(row.baseline.cpuPerUnit)}` : '';
  return `${row.figure}: ${s(row.measured)} ${row.unit} vs ${row.baselineName} ${s(row.baseline)}: ratio ${row.ratio.toFixed(2)} (goal ${row.goal}) ${row.met ? 'met' : 'MISSED'}${cpu}${cpuBase}`;
}
