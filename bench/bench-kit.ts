/**
 * Helpers shared by the benchmarks that run on their own Kafka broker and start
 * built apps (dist/) as child processes: scaling, the broker, topics, child
 * servers, autocannon and the result file bench/run-all.ts turns into the report.
 */
import type { LatencyHistogram } from './histogram-svg';
import { AppProcess, freePort } from '@app/testing';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
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
}

/** Writes bench/results/<name>.json, read by `run-all --report-only`. */
export async function writeResult(result: BenchResult): Promise<void> {
  await mkdir(resolve(REPO_ROOT, 'bench/results'), { recursive: true });
  await writeFile(resolve(REPO_ROOT, `bench/results/${result.name}.json`), `${JSON.stringify(result, null, 2)}\n`);
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
      const line =
        /(\d+) records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\), ([\d.]+) ms avg latency, ([\d.]+) ms max latency, (\d+) ms 50th, \d+ ms 95th, (\d+) ms 99th/.exec(
          output,
        );
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

// ---------- child servers ----------

/**
 * Starts `node dist/<script> <args>` on a free port and waits until it listens;
 * `env` gets the server's URL (e.g. for a public URL setting). Its output goes
 * to .cache/<log>.log. With BENCH_CPU_PROF_DIR set, it runs under `node --cpu-prof`
 * and writes its profile there when it exits (NODE_OPTIONS may not carry --cpu-prof).
 */
export async function startNodeServer(script: string, log: string, env: (url: string) => Record<string, string>, args: string[] = []): Promise<AppProcess> {
  const port = await freePort();
  await mkdir(resolve(REPO_ROOT, '.cache'), { recursive: true });
  const nodeArgs = process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : [];
  const server = await AppProcess.start(script, port, env(`http://127.0.0.1:${port}`), { script, args, nodeArgs, logFile: resolve(REPO_ROOT, `.cache/${log}.log`) });
  // Should the bench die on an uncaught error, its servers do not outlive it.
  process.once('exit', () => void server.stop('SIGKILL'));
  return server;
}

/** Starts a built app, dist/apps/<name>/src/main.js. */
export function startApp(name: string, log: string, env: (url: string) => Record<string, string>): Promise<AppProcess> {
  return startNodeServer(`apps/${name}/src/main.js`, log, env);
}

export function stopServer(server: AppProcess): Promise<void> {
  return server.stop();
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
