/**
 * Benchmark: charger-events, the ingest API, on its own Kafka broker (port
 * 29313, 12 partitions), the built app loaded with 1,000 Locations × 10 EVSEs.
 *
 * 1. Baseline: Kafka's own ProducerPerformance tool (acks=all, idempotent) with
 *    records the size of one EvseStatusEventV1 as charger-events publishes it;
 *    and the app's producer client alone (bench/producer-client-perf.ts), without
 *    HTTP: the ceiling of what the app can send; kafkajs alone beside it.
 * 2. charger-events, run with the runtime variables of its Kubernetes manifest
 *    (heap bounds, malloc arenas), under autocannon (in this process):
 *    a. one native event a request, 100 connections: 202/s (goal ≥ 3,000/s), p50/p99;
 *    b. batches of 100 native events, 16 connections: events accepted/s
 *       (goal ≥ 50 % of the ProducerPerformance records/s);
 *    c. the app's peak RSS during a and b (goal ≤ 200 MB);
 *    d. baselines with a's settings: empty handlers (bench/empty-http-server.ts),
 *       plain node:http and NestJS on Fastify.
 *
 * BENCH_SCALE scales the load durations and the ProducerPerformance record count.
 * INGEST_BENCH_BATCHES_ONLY=1 measures b. alone, after the client alone, while tuning (prints, writes nothing).
 * Writes bench/results/ingest.json. Run after building: node dist/bench/ingest.bench.js
 */
import 'reflect-metadata';
import { TOPICS } from '@app/messaging';
import { hashToken } from '@app/platform';
import { type AppProcess, createTopics, locationChanged, pollUntil, publishLocations } from '@app/testing';
import { Kafka, logLevel } from 'kafkajs';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  autocannon,
  type AutocannonResult,
  kafkaBroker,
  kafkaHomeDir,
  type PerfSummary,
  REPO_ROOT,
  type ResultRow,
  SCALE,
  scaled,
  startApp,
  startNodeServer,
  startProducerPerformance,
  stopServer,
  writeResult,
} from './bench-kit';
import { deployedRuntimeEnv } from '../scripts/deployed-runtime-env';

const KAFKA_PORT = Number(process.env.BENCH_KAFKA_PORT ?? 29313);
const CHARGER_EVENTS_RUNTIME = deployedRuntimeEnv(REPO_ROOT, 'charger-events');
const BROKERS = `127.0.0.1:${KAFKA_PORT}`;
const PARTITIONS = 12;
const PERF_TOPIC = 'bench.producer-perf';
const CLIENT_TOPIC = 'bench.client-perf';
const LOCATIONS = 1_000;
const EVSES_PER_LOCATION = 10;
const API_KEY = `bench-key-${randomUUID()}`;
const LOAD_SECONDS = scaled(20, 5);
const WARMUP_SECONDS = 3;
const PERF_RECORDS = scaled(1_000_000, 200_000);
const SINGLE_CONNECTIONS = 100;
const BATCH_CONNECTIONS = 16;
const BATCH_SIZE = 100;
const NATIVE = '/v1/status-events/native';
const BATCHES_ONLY = process.env.INGEST_BENCH_BATCHES_ONLY === '1';
/** USER_HZ, 100 on Linux (getconf CLK_TCK). */
const CLOCK_TICKS_PER_SECOND = 100;

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const progress = (line: string): void => console.log(`[ingest] ${line}`);

// ---------- events ----------

/** Native event bodies cycling over every known EVSE, stamped now, the status alternating each round. */
class NativeEvents {
  private readonly prefixes: string[] = [];
  private next = 0;

  constructor(locationIds: string[]) {
    for (const id of locationIds) {
      for (let i = 1; i <= EVSES_PER_LOCATION; i++) this.prefixes.push(`{"location_id":"${id}","evse_uid":"${id}-${i}","status":"`);
    }
  }

  private event(timestamp: string): string {
    const n = this.next++;
    const status = Math.floor(n / this.prefixes.length) % 2 === 0 ? 'CHARGING' : 'AVAILABLE';
    return `${this.prefixes[n % this.prefixes.length]}${status}","timestamp":"${timestamp}"}`;
  }

  single(): string {
    return this.event(new Date().toISOString());
  }

  batch(): string {
    const timestamp = new Date().toISOString();
    return `{"events":[${Array.from({ length: BATCH_SIZE }, () => this.event(timestamp)).join(',')}]}`;
  }
}

/** autocannon POSTing `body()` to `path` with the ingest key; `onResponse` sees each answer. */
function load(
  url: string,
  path: string,
  connections: number,
  seconds: number,
  body: () => string,
  onResponse?: (status: number, body: string) => void,
): Promise<AutocannonResult> {
  return autocannon({
    url,
    connections,
    duration: seconds,
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    requests: [{ method: 'POST', path, setupRequest: (request: object) => ({ ...request, body: body() }), onResponse }],
  });
}

/** Answers with `status`, and every other answer or failure (connection errors, timeouts). */
function answers(result: AutocannonResult, status: string): { ok: number; failed: number; breakdown: string } {
  const counts = Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, Number(count)] as const);
  const ok = counts.find(([code]) => code === status)?.[1] ?? 0;
  const others = counts.filter(([code]) => code !== status);
  const failed = others.reduce((sum, [, count]) => sum + count, 0) + result.errors;
  const breakdown = [...others.map(([code, count]) => `${count} × HTTP ${code}`), `${result.errors} connection errors (${result.timeouts} timeouts)`].join(', ');
  return { ok, failed, breakdown };
}

// ---------- the app's memory ----------

/** CPU time of a process, in seconds: utime + stime of /proc/<pid>/stat (counted after the command name, which may hold spaces). */
function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** Busy CPU time of the whole machine, all cores, in seconds (/proc/stat: user, nice, system, irq, softirq, steal). */
function machineCpuSeconds(): number {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS_PER_SECOND;
}

function rssMb(pid: number): number {
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (kb === undefined) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb) / 1024;
}

function orLast(read: () => number, last: number | undefined): number {
  try {
    return read();
  } catch {
    return last ?? 0;
  }
}

interface LoadUse {
  /** Peak VmRSS of the watched process, MB. */
  peakMb: number;
  /** CPU in % of one core: each named process, this bench process (autocannon) and everything else on the machine. */
  cpu: Record<string, number>;
}

/**
 * Over a load: the peak RSS of one process (sampled every 200 ms) and the CPU
 * used by the named processes, by this one and by the rest of the machine
 * (other work on a shared machine shows there).
 */
class LoadSampler {
  private peakMb = 0;
  private readonly startedAt = Date.now();
  private readonly start: { machine: number; bench: number; pids: Record<string, number> };
  /** Each process's CPU seconds at its last sample: a process may exit before stop(). */
  private readonly last: Record<string, number> = {};
  private readonly timer: NodeJS.Timeout;
  private result?: LoadUse;

  constructor(
    private readonly pids: Record<string, number>,
    private readonly rssPid: number,
  ) {
    this.sample();
    this.start = { machine: machineCpuSeconds(), bench: this.benchCpuSeconds(), pids: { ...this.last } };
    this.timer = setInterval(() => this.sample(), 200);
  }

  /** The figures from start to the first stop() (later calls return the same). */
  stop(): LoadUse {
    if (this.result) return this.result;
    clearInterval(this.timer);
    this.sample();
    const seconds = (Date.now() - this.startedAt) / 1000;
    const percent = (cpuSeconds: number) => (100 * cpuSeconds) / seconds;
    const cpu: Record<string, number> = {};
    for (const name of Object.keys(this.pids)) cpu[name] = percent(this.last[name]! - this.start.pids[name]!);
    cpu['bench (autocannon)'] = percent(this.benchCpuSeconds() - this.start.bench);
    const named = Object.values(cpu).reduce((sum, value) => sum + value, 0);
    cpu['rest of the machine'] = Math.max(0, percent(machineCpuSeconds() - this.start.machine) - named);
    this.result = { peakMb: this.peakMb, cpu };
    return this.result;
  }

  private benchCpuSeconds(): number {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  }

  /** Never throws (it runs in a timer): a process that exited keeps its last sample (ProducerPerformance ends on its own). */
  private sample(): void {
    for (const [name, pid] of Object.entries(this.pids)) this.last[name] = orLast(() => processCpuSeconds(pid), this.last[name]);
    this.peakMb = Math.max(this.peakMb, orLast(() => rssMb(this.rssPid), 0));
  }
}

const cpuText = (use: LoadUse): string =>
  `${Object.entries(use.cpu)
    .map(([name, percent]) => `${name} ${fmt(percent)} %`)
    .join(', ')} of one core (${cpus().length} cores)`;

/** Where the app's memory is, from its Prometheus default metrics: V8 heap (total, used) and external, in MB. */
async function memoryBreakdown(app: AppProcess): Promise<string> {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  const mb = (metric: string) => {
    const value = new RegExp(`^${metric} ([\\d.e+]+)$`, 'm').exec(text)?.[1];
    return value === undefined ? '?' : fmt(Number(value) / 2 ** 20);
  };
  return `V8 heap ${mb('nodejs_heap_size_total_bytes')} MB (${mb('nodejs_heap_size_used_bytes')} MB used), external ${mb('nodejs_external_memory_bytes')} MB`;
}

// ---------- Kafka ----------

/** One event through the app, read back from Kafka: the value and key sizes of what charger-events publishes. */
async function publishedEventSize(app: AppProcess, events: NativeEvents): Promise<{ value: number; key: number; json: string }> {
  const consumer = new Kafka({ clientId: 'bench-reader', brokers: [BROKERS], logLevel: logLevel.NOTHING }).consumer({ groupId: `bench-reader-${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: TOPICS.evseStatus, fromBeginning: true });
    let read: { value: number; key: number; json: string } | undefined;
    await consumer.run({
      eachMessage: async ({ message }) => {
        read ??= { value: message.value?.length ?? 0, key: message.key?.length ?? 0, json: message.value?.toString() ?? '' };
      },
    });
    const response = await fetch(`${app.url}${NATIVE}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: events.single(),
    });
    if (response.status !== 202) throw new Error(`the first event got HTTP ${response.status}: ${await response.text()}`);
    return await pollUntil(() => read, (r) => r !== undefined, { timeoutMs: 60_000, what: 'the first event on Kafka' }).then((r) => r!);
  } finally {
    await consumer.disconnect();
  }
}

/** Kafka's own producer benchmark, on the same broker and machine, sampled for CPU beside the broker. */
function producerPerformance(records: number, recordSize: number, brokerPid: number): Promise<{ summary: PerfSummary; use: LoadUse }> {
  const perf = startProducerPerformance({ brokers: BROKERS, topic: PERF_TOPIC, records, recordSize });
  const sampler = new LoadSampler({ ProducerPerformance: perf.pid, 'Kafka broker': brokerPid }, perf.pid);
  return perf.summary.then(
    (summary) => ({ summary, use: sampler.stop() }),
    (error: unknown) => {
      sampler.stop();
      throw error;
    },
  );
}

/** A producer client alone (bench/producer-client-perf.ts), as many records as ProducerPerformance, a batch load's events per request. */
function clientAlone(client: 'app' | 'kafkajs', records: number, recordSize: number, brokerPid: number): Promise<{ recordsPerSecond: number; use: LoadUse }> {
  const script = resolve(REPO_ROOT, 'dist/bench/producer-client-perf.js');
  const perRequest = BATCH_CONNECTIONS * BATCH_SIZE;
  return new Promise((done, fail) => {
    const args = [script, client, BROKERS, CLIENT_TOPIC, String(records), String(recordSize), String(perRequest)];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const sampler = new LoadSampler({ [`${client} client`]: child.pid!, 'Kafka broker': brokerPid }, child.pid!);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', fail);
    child.once('close', (code) => {
      const use = sampler.stop();
      const line = output.split('\n').find((text) => text.startsWith('{"recordsPerSecond"'));
      if (code !== 0 || !line) return fail(new Error(`producer-client-perf ${client} exited with ${code}:\n${output.slice(-3000)}`));
      done({ recordsPerSecond: (JSON.parse(line) as { recordsPerSecond: number }).recordsPerSecond, use });
    });
  });
}

// ---------- figures ----------

interface SingleRun {
  perSecond: number;
  p50: number;
  p99: number;
  failed: number;
  breakdown: string;
}

/** a. and d.: one event a request, 100 connections, after a warm-up. */
async function singleEvents(url: string, events: NativeEvents): Promise<SingleRun> {
  await load(url, NATIVE, SINGLE_CONNECTIONS, WARMUP_SECONDS, () => events.single());
  const result = await load(url, NATIVE, SINGLE_CONNECTIONS, LOAD_SECONDS, () => events.single());
  const { ok, failed, breakdown } = answers(result, '202');
  return { perSecond: ok / result.duration, p50: result.latency.p50, p99: result.latency.p99, failed, breakdown };
}

/** b.: batches of 100, 16 connections, after a warm-up; counts only answers 200 with every event accepted. */
async function batches(url: string, events: NativeEvents): Promise<SingleRun> {
  await load(url, `${NATIVE}/batch`, BATCH_CONNECTIONS, WARMUP_SECONDS, () => events.batch());
  let accepted = 0;
  let partial = 0;
  const result = await load(
    url,
    `${NATIVE}/batch`,
    BATCH_CONNECTIONS,
    LOAD_SECONDS,
    () => events.batch(),
    (status, body) => {
      if (status !== 200) return;
      const n = (JSON.parse(body) as { accepted: number }).accepted;
      if (n === BATCH_SIZE) accepted += n;
      else partial++;
    },
  );
  const { failed, breakdown } = answers(result, '200');
  return {
    perSecond: accepted / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: failed + partial,
    breakdown: `${partial} × 200 with accepted < ${BATCH_SIZE}, ${breakdown}`,
  };
}

/** `load()`'s figures with the CPU and memory the processes used meanwhile (see LoadSampler). */
async function measured<T>(pids: Record<string, number>, rssPid: number, load: () => Promise<T>): Promise<T & { use: LoadUse }> {
  const sampler = new LoadSampler(pids, rssPid);
  try {
    return { ...(await load()), use: sampler.stop() };
  } finally {
    sampler.stop(); // on failure too: no sampling timer left behind
  }
}

/** An empty handler's ceiling with the single-event settings. */
async function emptyHandler(kind: 'node' | 'nest', events: NativeEvents): Promise<SingleRun & { use: LoadUse }> {
  const server = await startNodeServer('bench/empty-http-server.js', `bench-ingest-empty-${kind}`, () => ({}), [kind]);
  try {
    const pid = server.pid;
    return await measured({ 'empty handler': pid }, pid, () => singleEvents(server.url, events));
  } finally {
    await stopServer(server);
  }
}

async function run(): Promise<{ rows: ResultRow[]; cpuNotes: string }> {
  await createTopics(BROKERS, { partitions: PARTITIONS, extra: [PERF_TOPIC, CLIENT_TOPIC] });
  const brokerPid = Number(readFileSync(resolve(kafkaHomeDir(KAFKA_PORT), 'kafka.pid'), 'utf8'));
  const locationIds = Array.from({ length: LOCATIONS }, (_, i) => `BENCH-L${String(i).padStart(4, '0')}`);
  await publishLocations(
    BROKERS,
    locationIds.map((id) => locationChanged(id, EVSES_PER_LOCATION)),
    { partitions: PARTITIONS },
  );
  progress(`published ${fmt(LOCATIONS)} Locations × ${EVSES_PER_LOCATION} EVSEs on ${TOPICS.locations}`);

  const events = new NativeEvents(locationIds);
  const app = await startApp('charger-events', 'bench-ingest-charger-events', () => ({
    KAFKA_BROKERS: BROKERS,
    KAFKA_TOPIC_PARTITIONS: String(PARTITIONS),
    INGEST_API_KEYS: `bench:${hashToken(API_KEY)}`,
    MAX_EVENT_AGE_S: String(10 * 365 * 24 * 3600),
    LOG_LEVEL: 'warn',
    // As deployed: the heap bounds and malloc arenas of deploy/k8s/base/charger-events.yaml.
    ...CHARGER_EVENTS_RUNTIME,
  }));
  try {
    const listeningAt = Date.now();
    await pollUntil(async () => (await fetch(`${app.url}/health/ready`)).status, (status) => status === 200, {
      timeoutMs: 120_000,
      intervalMs: 200,
      what: 'charger-events ready (EVSE registry loaded)',
    });
    const pid = app.pid;
    const idleMb = rssMb(pid);
    const idleMemory = await memoryBreakdown(app);
    progress(`charger-events ready ${((Date.now() - listeningAt) / 1000).toFixed(1)} s after listening; RSS ${fmt(idleMb)} MB, ${idleMemory}`);
    const size = await publishedEventSize(app, events);
    progress(`one published EvseStatusEventV1: ${size.value} B value + ${size.key} B key: ${size.json}`);
    if (BATCHES_ONLY) {
      // The client alone first, as in a full run: it also warms the broker's JIT, which a fresh broker needs.
      const client = await clientAlone('app', PERF_RECORDS, size.value, brokerPid);
      progress(`the app's producer client alone: ${fmt(client.recordsPerSecond)} rec/s; CPU: ${cpuText(client.use)}`);
      const batch = await measured({ 'charger-events': pid, 'Kafka broker': brokerPid }, pid, () => batches(app.url, events));
      progress(`batches of ${BATCH_SIZE}: ${fmt(batch.perSecond)} events/s accepted, p50 ${batch.p50} ms, p99 ${batch.p99} ms; ${batch.breakdown}`);
      progress(`  charger-events peak RSS ${fmt(batch.use.peakMb)} MB; CPU: ${cpuText(batch.use)}`);
      return { rows: [], cpuNotes: '' };
    }
    const { summary: perf, use: perfUse } = await producerPerformance(PERF_RECORDS, size.value, brokerPid);
    progress(`producer-perf: ${fmt(perf.recordsPerSecond)} rec/s, avg ${perf.avgMs} ms, max ${perf.maxMs} ms; CPU: ${cpuText(perfUse)}`);
    const client = await clientAlone('app', PERF_RECORDS, size.value, brokerPid);
    progress(`the app's producer client alone: ${fmt(client.recordsPerSecond)} rec/s; CPU: ${cpuText(client.use)}`);
    const kafkajs = await clientAlone('kafkajs', PERF_RECORDS, size.value, brokerPid);
    progress(`kafkajs alone: ${fmt(kafkajs.recordsPerSecond)} rec/s; CPU: ${cpuText(kafkajs.use)}`);

    const appPids = { 'charger-events': pid, 'Kafka broker': brokerPid };
    const single = await measured(appPids, pid, () => singleEvents(app.url, events));
    const singleMemory = await memoryBreakdown(app);
    progress(`single events: ${fmt(single.perSecond)} req/s with 202, p50 ${single.p50} ms, p99 ${single.p99} ms; ${single.breakdown}`);
    progress(`  charger-events peak RSS ${fmt(single.use.peakMb)} MB, after: ${singleMemory}; CPU: ${cpuText(single.use)}`);
    const batch = await measured(appPids, pid, () => batches(app.url, events));
    const batchMemory = await memoryBreakdown(app);
    progress(`batches of ${BATCH_SIZE}: ${fmt(batch.perSecond)} events/s accepted, p50 ${batch.p50} ms, p99 ${batch.p99} ms; ${batch.breakdown}`);
    progress(`  charger-events peak RSS ${fmt(batch.use.peakMb)} MB, after: ${batchMemory}; CPU: ${cpuText(batch.use)}`);
    await stopServer(app);

    const emptyNode = await emptyHandler('node', events);
    progress(`empty node:http handler: ${fmt(emptyNode.perSecond)} req/s, p50 ${emptyNode.p50} ms, p99 ${emptyNode.p99} ms; CPU: ${cpuText(emptyNode.use)}`);
    const emptyNest = await emptyHandler('nest', events);
    progress(`empty NestJS handler: ${fmt(emptyNest.perSecond)} req/s, p50 ${emptyNest.p50} ms, p99 ${emptyNest.p99} ms; CPU: ${cpuText(emptyNest.use)}`);

    const ratio = (100 * batch.perSecond) / perf.recordsPerSecond;
    const empty = (pick: (r: SingleRun) => number, unit: string) => `empty handlers: node:http ${fmt(pick(emptyNode))} ${unit}, NestJS ${fmt(pick(emptyNest))} ${unit}`;
    const rows: ResultRow[] = [
      {
        figure: `POST ${NATIVE}, one event a request, ${SINGLE_CONNECTIONS} connections: answers 202 per second`,
        value: Math.round(single.perSecond),
        unit: 'requests/s',
        goal: '≥ 3000',
        baseline: empty((r) => r.perSecond, 'req/s'),
      },
      { figure: 'one event a request: latency p50', value: single.p50, unit: 'ms', goal: null, baseline: empty((r) => r.p50, 'ms') },
      { figure: 'one event a request: latency p99', value: single.p99, unit: 'ms', goal: null, baseline: empty((r) => r.p99, 'ms') },
      { figure: 'one event a request: answers other than 202, connection errors', value: single.failed, unit: '', goal: '0', baseline: single.breakdown },
      {
        figure: `POST ${NATIVE}/batch, ${BATCH_SIZE} events a request, ${BATCH_CONNECTIONS} connections: events accepted per second`,
        value: Math.round(batch.perSecond),
        unit: 'events/s',
        goal: `≥ ${fmt(perf.recordsPerSecond / 2)} (50 % of Kafka's ProducerPerformance)`,
        baseline: `${fmt(perf.recordsPerSecond)} records/s: Kafka's ProducerPerformance; ${fmt(client.recordsPerSecond)} records/s: the app's producer client alone (no HTTP)`,
      },
      {
        figure: `the producer client of charger-events alone (@platformatic/kafka, its settings), ${BATCH_CONNECTIONS * BATCH_SIZE} keyed records a request, no HTTP`,
        value: Math.round(client.recordsPerSecond),
        unit: 'records/s',
        goal: null,
        baseline:
          `${fmt((100 * client.recordsPerSecond) / perf.recordsPerSecond)} % of ProducerPerformance; batches reach ${fmt((100 * batch.perSecond) / client.recordsPerSecond)} % of it; ` +
          `kafkajs alone, same settings: ${fmt(kafkajs.recordsPerSecond)} records/s`,
      },
      { figure: 'batches: events accepted/s as a share of ProducerPerformance records/s', value: Math.round(ratio * 10) / 10, unit: '%', goal: '≥ 50', baseline: null },
      { figure: 'batches: request latency p50', value: batch.p50, unit: 'ms', goal: null, baseline: `ProducerPerformance record latency p50 ${perf.p50Ms} ms` },
      { figure: 'batches: request latency p99', value: batch.p99, unit: 'ms', goal: null, baseline: `ProducerPerformance record latency p99 ${perf.p99Ms} ms` },
      { figure: `batches: answers other than 200 with accepted = ${BATCH_SIZE}, connection errors`, value: batch.failed, unit: '', goal: '0', baseline: batch.breakdown },
      {
        figure: `Kafka's ProducerPerformance: ${fmt(perf.records)} records of ${size.value} B, acks=all, idempotent, ${PARTITIONS} partitions`,
        value: Math.round(perf.recordsPerSecond),
        unit: 'records/s',
        goal: null,
        baseline: `${perf.mbPerSecond} MB/s; record latency avg ${perf.avgMs} ms, max ${perf.maxMs} ms`,
      },
      {
        figure: 'charger-events peak RSS during the single-event and batch loads, warm-ups included (VmRSS every 200 ms)',
        value: Math.round(Math.max(single.use.peakMb, batch.use.peakMb)),
        unit: 'MB',
        goal: '≤ 200',
        baseline:
          `idle (registry of ${fmt(LOCATIONS * EVSES_PER_LOCATION)} EVSEs loaded): ${fmt(idleMb)} MB, ${idleMemory}; ` +
          `peak ${fmt(single.use.peakMb)} MB under single events (after: ${singleMemory}), ${fmt(batch.use.peakMb)} MB under batches (after: ${batchMemory})`,
      },
      {
        figure: 'charger-events CPU (user + system) during the single-event load, warm-up included',
        value: Math.round(single.use.cpu['charger-events']!),
        unit: '% of a core',
        goal: null,
        baseline: `${fmt(batch.use.cpu['charger-events']!)} % during the batch load`,
      },
    ];
    const cpuNotes = [
      `ProducerPerformance: ${cpuText(perfUse)}`,
      `producer client alone: ${cpuText(client.use)}`,
      `kafkajs alone: ${cpuText(kafkajs.use)}`,
      `single events: ${cpuText(single.use)}`,
      `batches: ${cpuText(batch.use)}`,
      `empty node:http: ${cpuText(emptyNode.use)}`,
      `empty NestJS: ${cpuText(emptyNest.use)}`,
    ].join('; ');
    return { rows, cpuNotes };
  } finally {
    await stopServer(app);
  }
}

async function main(): Promise<void> {
  // A clean broker each run: no topics or Locations left by an earlier one.
  kafkaBroker('stop', KAFKA_PORT);
  rmSync(resolve(kafkaHomeDir(KAFKA_PORT), 'data'), { recursive: true, force: true });
  kafkaBroker('start', KAFKA_PORT);
  let figures: { rows: ResultRow[]; cpuNotes: string };
  try {
    figures = await run();
  } finally {
    kafkaBroker('stop', KAFKA_PORT);
  }
  if (BATCHES_ONLY) return console.log('INGEST_BENCH_BATCHES_ONLY: bench/results/ingest.json left as it was');
  const result = {
    name: 'ingest',
    title: 'charger-events: ingest API throughput (one replica)',
    rows: figures.rows,
    notes:
      `BENCH_SCALE=${SCALE}: ${LOAD_SECONDS} s per load after ${WARMUP_SECONDS} s of warm-up; ${fmt(LOCATIONS)} Locations × ${EVSES_PER_LOCATION} EVSEs known, ` +
      `events cycle over them stamped now; Kafka 4.3.1 on its own broker, ${PARTITIONS} partitions, acks=all, idempotent producers. ` +
      'Kafka, charger-events (LOG_LEVEL=warn) and the load generator (autocannon, in the bench process) share this machine. ' +
      "ProducerPerformance sends unkeyed random records of the published event's size with the Java client's defaults (batching, linger 5 ms, " +
      'several requests in flight); charger-events adds a key and a correlation-id header and keeps one produce request in flight, from a thread of its own (libs/messaging kafka-producer-thread.client.ts). ' +
      `Clients alone (bench/producer-client-perf.ts): the app's producer client, and kafkajs with the same settings, the same record size, keyed, ${fmt(BATCH_CONNECTIONS * BATCH_SIZE)} records a request, each in a process of its own. ` +
      `charger-events runs with ${Object.entries(CHARGER_EVENTS_RUNTIME).map(([name, value]) => `${name}="${value}"`).join(' ')} (deploy/k8s/base/charger-events.yaml). ` +
      'Empty handlers (bench/empty-http-server.ts): a JSON body parse and a 202 with a small JSON body, plain node:http and NestJS on Fastify (the platform of charger-events) without logger, same autocannon settings as the single-event load. ' +
      `CPU during each load (user + system, warm-up included): ${figures.cpuNotes}.`,
  };
  await writeResult(result);
  console.log(JSON.stringify(result, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
