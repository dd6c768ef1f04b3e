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
 *    a. one native event a request, 100 connections: 202/s (goal ≥ 3,000/s and
 *       ≥ 50 % of the empty NestJS handler), p50/p99;
 *    b. batches of 100 native events, 16 connections: events accepted/s
 *       (goal ≥ 75 % of the ProducerPerformance records/s);
 *    c. the app's peak RSS during a and b (goal ≤ 200 MB);
 *    d. baselines with a's settings: empty handlers (bench/empty-http-server.ts),
 *       plain node:http and NestJS on Fastify.
 *    a. and b. run in BENCH_ROUNDS interleaved rounds against their baseline
 *    (bench-kit.ts interleave): medians, spreads and CPU µs per event by process.
 * 3. Issue 22's transport change (bench-kit.ts TRANSPORT_CHANGE: the producer
 *    behind KafkaAckClient) against its parent commit, both built in
 *    .cache/bench-refs, each started afresh for each load it measures: a. and b.
 *    in interleaved rounds (goal ≥ 0.9 × the parent: no regression beyond noise).
 *
 * BENCH_SCALE scales the load durations and the ProducerPerformance record count.
 * INGEST_BENCH_BATCHES_ONLY=1 measures b. alone, after the client alone, while tuning (prints, writes nothing).
 * INGEST_BENCH_AGAINST=<commit> measures a. and b. of this checkout against that commit's build (made as in 3.),
 * in interleaved rounds, to tell a change from the machine's noise (prints, writes nothing).
 * Writes bench/results/ingest.json. Run after building: node dist/bench/ingest.bench.js
 */
import 'reflect-metadata';
import { TOPICS } from '@app/messaging';
import { hashToken } from '@app/platform';
import { type AppProcess, locationChanged, pollUntil, publishLocations } from '@app/testing';
import { Kafka, logLevel } from 'kafkajs';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  autocannon,
  CpuMeter,
  type CpuUse,
  cpuPercentText,
  goalRow,
  goalText,
  interleave,
  kafkaBrokerPid,
  median,
  ROUNDS,
  rssMb,
  type Sample,
  withCpu,
  type AutocannonResult,
  type GoalRow,
  createTopics,
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
  TRANSPORT_CHANGE,
  builtRef,
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
// 10 s a load at full scale: each of the ROUNDS rounds measures both sides (30 s in all by default, against one 20 s load before).
const LOAD_SECONDS = scaled(10, 5);
const WARMUP_SECONDS = 3;
const PERF_RECORDS = scaled(1_000_000, 200_000);
const SINGLE_CONNECTIONS = 100;
const BATCH_CONNECTIONS = 16;
const BATCH_SIZE = 100;
const NATIVE = '/v1/status-events/native';
const BATCHES_ONLY = process.env.INGEST_BENCH_BATCHES_ONLY === '1';
const AGAINST = process.env.INGEST_BENCH_AGAINST;
/** About the size of one published EvseStatusEventV1's value (run() measures it; INGEST_BENCH_AGAINST only warms the broker with it). */
const PUBLISHED_EVENT_BYTES = 260;

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
function load(url: string, path: string, connections: number, seconds: number, body: () => string, onResponse?: (status: number, body: string) => void): Promise<AutocannonResult> {
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

// ---------- the app's memory and CPU ----------

type LoadUse = CpuUse;
const cpuText = (use: LoadUse): string => `${cpuPercentText(use)} (${cpus().length} cores)`;

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
    return await pollUntil(
      () => read,
      (r) => r !== undefined,
      { timeoutMs: 60_000, what: 'the first event on Kafka' },
    ).then((r) => r!);
  } finally {
    await consumer.disconnect();
  }
}

/** Kafka's own producer benchmark, on the same broker and machine, sampled for CPU beside the broker. */
function producerPerformance(records: number, recordSize: number, brokerPid: number): Promise<{ summary: PerfSummary; use: LoadUse }> {
  const perf = startProducerPerformance({ brokers: BROKERS, topic: PERF_TOPIC, records, recordSize });
  const sampler = new CpuMeter({ ProducerPerformance: perf.pid, 'Kafka broker': brokerPid }, perf.pid);
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
    const sampler = new CpuMeter({ [`${client} client`]: child.pid!, 'Kafka broker': brokerPid }, child.pid!);
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
  /** Events accepted during the measured load (the warm-up not counted). */
  count: number;
  p50: number;
  p99: number;
  failed: number;
  breakdown: string;
  /** CPU and peak RSS over the measured load, warm-up not included. */
  use: LoadUse;
}

/** The processes whose CPU a load is charged: `pids`, and the load generator (this process); the RSS of `rssPid`. */
interface Watch {
  pids: Record<string, number>;
  rssPid: number;
}

/** a. and d.: one event a request, 100 connections, after a warm-up. */
async function singleEvents(url: string, events: NativeEvents, watch: Watch): Promise<SingleRun> {
  await load(url, NATIVE, SINGLE_CONNECTIONS, WARMUP_SECONDS, () => events.single());
  const { result, use } = await withCpu(watch.pids, async () => ({ result: await load(url, NATIVE, SINGLE_CONNECTIONS, LOAD_SECONDS, () => events.single()) }), watch.rssPid);
  const { ok, failed, breakdown } = answers(result, '202');
  return { perSecond: ok / result.duration, count: ok, p50: result.latency.p50, p99: result.latency.p99, failed, breakdown, use };
}

/** b.: batches of 100, 16 connections, after a warm-up; counts only answers 200 with every event accepted. */
async function batches(url: string, events: NativeEvents, watch: Watch): Promise<SingleRun> {
  await load(url, `${NATIVE}/batch`, BATCH_CONNECTIONS, WARMUP_SECONDS, () => events.batch());
  let accepted = 0;
  let partial = 0;
  const { result, use } = await withCpu(
    watch.pids,
    async () => ({
      result: await load(
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
      ),
    }),
    watch.rssPid,
  );
  const { failed, breakdown } = answers(result, '200');
  return {
    perSecond: accepted / result.duration,
    count: accepted,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: failed + partial,
    breakdown: `${partial} × 200 with accepted < ${BATCH_SIZE}, ${breakdown}`,
    use,
  };
}

/** An empty handler (bench/empty-http-server.ts) of `kind`, as a child process. */
async function emptyServer(kind: 'node' | 'nest'): Promise<AppProcess> {
  return startNodeServer('bench/empty-http-server.js', `bench-ingest-empty-${kind}`, () => ({}), [kind]);
}

/** charger-events (of this checkout, or of the `dist` given), ready: its EVSE registry loaded. */
async function startChargerEvents(log: string, dist?: string): Promise<AppProcess> {
  const app = await startApp(
    'charger-events',
    log,
    () => ({
      KAFKA_BROKERS: BROKERS,
      KAFKA_TOPIC_PARTITIONS: String(PARTITIONS),
      INGEST_API_KEYS: `bench:${hashToken(API_KEY)}`,
      MAX_EVENT_AGE_S: String(10 * 365 * 24 * 3600),
      LOG_LEVEL: 'warn',
      // As deployed: the heap bounds and malloc arenas of deploy/k8s/base/charger-events.yaml.
      ...CHARGER_EVENTS_RUNTIME,
    }),
    dist,
  );
  await pollUntil(
    async () => (await fetch(`${app.url}/health/ready`)).status,
    (status) => status === 200,
    { timeoutMs: 120_000, intervalMs: 200, what: `${log} ready (EVSE registry loaded)` },
  );
  return app;
}

/**
 * Issue 22's transport change (TRANSPORT_CHANGE) against its parent, both
 * running, in interleaved rounds: batches and single events, as above.
 */
async function transportChange(events: NativeEvents, brokerPid: number): Promise<GoalRow[]> {
  const dists = { before: builtRef(TRANSPORT_CHANGE.before), after: builtRef(TRANSPORT_CHANGE.after) };
  if (!dists.before || !dists.after) {
    progress(`the transport change: commits ${TRANSPORT_CHANGE.before} and ${TRANSPORT_CHANGE.after} not in this clone, figure left out`);
    return [];
  }
  return twoBuilds(
    { name: `before (${TRANSPORT_CHANGE.before})`, log: 'before', dist: dists.before },
    { name: `after (${TRANSPORT_CHANGE.after})`, log: 'after', dist: dists.after },
    events,
    brokerPid,
    {
      label: 'transport change',
      figure: `the transport change (${TRANSPORT_CHANGE.after}: KafkaAckClient producer) against its parent (${TRANSPORT_CHANGE.before})`,
      baselineName: `its parent ${TRANSPORT_CHANGE.before}, same load`,
      goal: ['≥', 0.9],
    },
  );
}

/** INGEST_BENCH_AGAINST=<commit>: this checkout's build against that commit's, a. and b. (see the top of this file). */
async function againstRef(ref: string, events: NativeEvents, brokerPid: number): Promise<GoalRow[]> {
  const dist = builtRef(ref);
  if (!dist) throw new Error(`INGEST_BENCH_AGAINST: commit ${ref} is not in this clone`);
  return twoBuilds({ name: ref, log: 'against', dist }, { name: 'this checkout', log: 'checkout' }, events, brokerPid, {
    label: `against ${ref}`,
    figure: `this checkout against ${ref}`,
    baselineName: `${ref}, same load`,
    goal: ['≥', 1],
  });
}

/** One build of charger-events: a commit's (its dist) or this checkout's (no dist). */
interface Build {
  name: string;
  log: string;
  dist?: string;
}

/**
 * a. and b. of two builds in interleaved rounds: `after` as a share of `before`. Each round starts the
 * build it measures and stops it after: with both running, the one started second ran 15–25 % slower,
 * whichever it was (the same code on both sides: batches 0.78 with this checkout started second, 1.10 with it
 * started first, four rounds each; 0.99 each started afresh).
 */
async function twoBuilds(
  before: Build,
  after: Build,
  events: NativeEvents,
  brokerPid: number,
  text: { label: string; figure: string; baselineName: string; goal: ['≥', number] },
): Promise<GoalRow[]> {
  const round = (build: Build, measure: typeof batches) => async () => {
    const app = await startChargerEvents(`bench-ingest-charger-events-${build.log}`, build.dist);
    try {
      const run = await measure(app.url, events, { pids: { 'charger-events': app.pid, 'Kafka broker': brokerPid }, rssPid: app.pid });
      progress(`  ${build.name}: ${fmt(run.perSecond)}/s, p99 ${run.p99} ms; CPU: ${cpuText(run.use)}`);
      return sample(run);
    } finally {
      await app.stop();
    }
  };
  const batchRounds = await interleave(`${text.label}, batches`, round(before, batches), round(after, batches));
  const singleRounds = await interleave(`${text.label}, single events`, round(before, singleEvents), round(after, singleEvents));
  const change = (figure: string, unit: string, rounds: { a: Sample[]; b: Sample[] }) =>
    goalRow({
      figure: `${text.figure}: ${figure}`,
      unit,
      measured: rounds.b,
      baselineName: text.baselineName,
      baseline: rounds.a,
      goal: text.goal,
      cpuUnit: 'event',
    });
  return [change(`batches of ${BATCH_SIZE}, events accepted/s`, 'events/s', batchRounds), change('one event a request, answers 202/s', 'requests/s', singleRounds)];
}

const sample = (run: SingleRun): Sample => ({ value: run.perSecond, use: run.use, units: run.count });
const worst = (runs: SingleRun[], pick: (r: SingleRun) => number): number => Math.max(...runs.map(pick));
const medianOf = (runs: SingleRun[], pick: (r: SingleRun) => number): number => median(runs.map(pick));

async function run(): Promise<{ rows: ResultRow[]; goals: GoalRow[]; cpuNotes: string }> {
  await createTopics(BROKERS, PARTITIONS, [PERF_TOPIC, CLIENT_TOPIC]);
  const brokerPid = kafkaBrokerPid(KAFKA_PORT);
  const locationIds = Array.from({ length: LOCATIONS }, (_, i) => `BENCH-L${String(i).padStart(4, '0')}`);
  await publishLocations(
    BROKERS,
    locationIds.map((id) => locationChanged(id, EVSES_PER_LOCATION)),
    { partitions: PARTITIONS },
  );
  progress(`published ${fmt(LOCATIONS)} Locations × ${EVSES_PER_LOCATION} EVSEs on ${TOPICS.locations}`);

  const events = new NativeEvents(locationIds);
  if (AGAINST) {
    // A fresh broker's JIT is cold: warmed as run() warms it, so the first build measured does not pay for it.
    await clientAlone('app', PERF_RECORDS, PUBLISHED_EVENT_BYTES, brokerPid);
    for (const row of await againstRef(AGAINST, events, brokerPid)) progress(goalText(row));
    return { rows: [], goals: [], cpuNotes: '' };
  }
  const app = await startChargerEvents('bench-ingest-charger-events');
  let nest: AppProcess | undefined;
  try {
    const pid = app.pid;
    const idleMb = rssMb(pid);
    const idleMemory = await memoryBreakdown(app);
    progress(`charger-events ready; RSS ${fmt(idleMb)} MB, ${idleMemory}`);
    const size = await publishedEventSize(app, events);
    progress(`one published EvseStatusEventV1: ${size.value} B value + ${size.key} B key: ${size.json}`);
    const appWatch: Watch = { pids: { 'charger-events': pid, 'Kafka broker': brokerPid }, rssPid: pid };
    // The client alone first: it also warms the broker's JIT, which a fresh broker needs.
    const client = await clientAlone('app', PERF_RECORDS, size.value, brokerPid);
    progress(`the app's producer client alone: ${fmt(client.recordsPerSecond)} rec/s; CPU: ${cpuText(client.use)}`);
    if (BATCHES_ONLY) {
      const batch = await batches(app.url, events, appWatch);
      progress(`batches of ${BATCH_SIZE}: ${fmt(batch.perSecond)} events/s accepted, p50 ${batch.p50} ms, p99 ${batch.p99} ms; ${batch.breakdown}`);
      progress(`  charger-events peak RSS ${fmt(batch.use.peakMb)} MB; CPU: ${cpuText(batch.use)}`);
      return { rows: [], goals: [], cpuNotes: '' };
    }
    const kafkajs = await clientAlone('kafkajs', PERF_RECORDS, size.value, brokerPid);
    progress(`kafkajs alone: ${fmt(kafkajs.recordsPerSecond)} rec/s; CPU: ${cpuText(kafkajs.use)}`);

    // Batches against ProducerPerformance, interleaved rounds.
    const batchRounds = await interleave(
      'ingest batches',
      async () => {
        const perf = await producerPerformance(PERF_RECORDS, size.value, brokerPid);
        progress(`  ProducerPerformance: ${fmt(perf.summary.recordsPerSecond)} rec/s, avg ${perf.summary.avgMs} ms; CPU: ${cpuText(perf.use)}`);
        return perf;
      },
      async () => {
        const batch = await batches(app.url, events, appWatch);
        progress(`  batches of ${BATCH_SIZE}: ${fmt(batch.perSecond)} events/s, p50 ${batch.p50} ms, p99 ${batch.p99} ms; ${batch.breakdown}; CPU: ${cpuText(batch.use)}`);
        return batch;
      },
    );
    const batchMemory = await memoryBreakdown(app);

    // Single events against the empty NestJS handler, interleaved rounds; the empty server idles beside the app.
    nest = await emptyServer('nest');
    const nestPid = nest.pid;
    const nestUrl = nest.url;
    const singleRounds = await interleave(
      'ingest single events',
      async () => {
        const empty = await singleEvents(nestUrl, events, { pids: { 'empty NestJS handler': nestPid }, rssPid: nestPid });
        progress(`  empty NestJS handler: ${fmt(empty.perSecond)} req/s, p50 ${empty.p50} ms, p99 ${empty.p99} ms; CPU: ${cpuText(empty.use)}`);
        return empty;
      },
      async () => {
        const single = await singleEvents(app.url, events, appWatch);
        progress(`  single events: ${fmt(single.perSecond)} req/s with 202, p50 ${single.p50} ms, p99 ${single.p99} ms; ${single.breakdown}; CPU: ${cpuText(single.use)}`);
        return single;
      },
    );
    const singleMemory = await memoryBreakdown(app);
    await nest.stop();
    await app.stop();
    const emptyNodeServer = await emptyServer('node');
    const emptyNode = await singleEvents(emptyNodeServer.url, events, { pids: { 'empty node:http handler': emptyNodeServer.pid }, rssPid: emptyNodeServer.pid });
    await emptyNodeServer.stop();
    progress(`empty node:http handler: ${fmt(emptyNode.perSecond)} req/s, p50 ${emptyNode.p50} ms, p99 ${emptyNode.p99} ms; CPU: ${cpuText(emptyNode.use)}`);
    const transport = await transportChange(events, brokerPid);

    const perfs = batchRounds.a;
    const batchRuns = batchRounds.b;
    const singles = singleRounds.b;
    const nests = singleRounds.a;
    const goals: GoalRow[] = [
      goalRow({
        figure: `batches of ${BATCH_SIZE} events (POST ${NATIVE}/batch, ${BATCH_CONNECTIONS} connections): events accepted/s`,
        unit: 'events/s',
        measured: batchRuns.map(sample),
        baselineName: `Kafka's ProducerPerformance, ${fmt(PERF_RECORDS)} records of ${size.value} B`,
        baseline: perfs.map((p) => ({ value: p.summary.recordsPerSecond, use: p.use, units: p.summary.records })),
        goal: ['≥', 0.75],
        cpuUnit: 'event',
      }),
      goalRow({
        figure: `one event a request (POST ${NATIVE}, ${SINGLE_CONNECTIONS} connections): answers 202/s`,
        unit: 'requests/s',
        measured: singles.map(sample),
        baselineName: 'the empty NestJS handler',
        baseline: nests.map(sample),
        goal: ['≥', 0.5],
        cpuUnit: 'event',
      }),
    ];
    goals.push(...transport);
    goals.forEach((goal) => progress(goalText(goal)));
    const medianPerf = median(perfs.map((p) => p.summary.recordsPerSecond));
    const medianBatch = medianOf(batchRuns, (r) => r.perSecond);
    const medianNest = medianOf(nests, (r) => r.perSecond);
    const peakSingle = worst(singles, (r) => r.use.peakMb);
    const peakBatch = worst(batchRuns, (r) => r.use.peakMb);
    const rows: ResultRow[] = [
      {
        figure: `POST ${NATIVE}, one event a request, ${SINGLE_CONNECTIONS} connections: answers 202 per second, median of ${ROUNDS} rounds`,
        value: Math.round(medianOf(singles, (r) => r.perSecond)),
        unit: 'requests/s',
        goal: '≥ 3000',
        baseline: `empty handlers: node:http ${fmt(emptyNode.perSecond)} req/s (one round), NestJS ${fmt(medianNest)} req/s (median)`,
      },
      {
        figure: 'one event a request: latency p50 (median of rounds)',
        value: medianOf(singles, (r) => r.p50),
        unit: 'ms',
        goal: null,
        baseline: `empty NestJS handler ${medianOf(nests, (r) => r.p50)} ms`,
      },
      {
        figure: 'one event a request: latency p99 (median of rounds)',
        value: medianOf(singles, (r) => r.p99),
        unit: 'ms',
        goal: null,
        baseline: `empty NestJS handler ${medianOf(nests, (r) => r.p99)} ms`,
      },
      {
        figure: 'one event a request: answers other than 202, connection errors (all rounds)',
        value: singles.reduce((sum, r) => sum + r.failed, 0),
        unit: '',
        goal: '0',
        baseline: singles.map((r) => r.breakdown).join('; '),
      },
      {
        figure: `the producer client of charger-events alone (@platformatic/kafka, its settings), ${BATCH_CONNECTIONS * BATCH_SIZE} keyed records a request, no HTTP (one run)`,
        value: Math.round(client.recordsPerSecond),
        unit: 'records/s',
        goal: null,
        baseline:
          `${fmt((100 * client.recordsPerSecond) / medianPerf)} % of ProducerPerformance (median); batches (median) reach ${fmt((100 * medianBatch) / client.recordsPerSecond)} % of it; ` +
          `kafkajs alone, same settings: ${fmt(kafkajs.recordsPerSecond)} records/s`,
      },
      {
        figure: 'batches: request latency p50 (median of rounds)',
        value: medianOf(batchRuns, (r) => r.p50),
        unit: 'ms',
        goal: null,
        baseline: `ProducerPerformance record latency p50 ${median(perfs.map((p) => p.summary.p50Ms))} ms`,
      },
      {
        figure: 'batches: request latency p99 (median of rounds)',
        value: medianOf(batchRuns, (r) => r.p99),
        unit: 'ms',
        goal: null,
        baseline: `ProducerPerformance record latency p99 ${median(perfs.map((p) => p.summary.p99Ms))} ms`,
      },
      {
        figure: `batches: answers other than 200 with accepted = ${BATCH_SIZE}, connection errors (all rounds)`,
        value: batchRuns.reduce((sum, r) => sum + r.failed, 0),
        unit: '',
        goal: '0',
        baseline: batchRuns.map((r) => r.breakdown).join('; '),
      },
      {
        figure: 'charger-events peak RSS during the measured single-event and batch loads (VmRSS every 500 ms)',
        value: Math.round(Math.max(peakSingle, peakBatch)),
        unit: 'MB',
        goal: '≤ 200',
        baseline:
          `idle (registry of ${fmt(LOCATIONS * EVSES_PER_LOCATION)} EVSEs loaded): ${fmt(idleMb)} MB, ${idleMemory}; ` +
          `peak ${fmt(peakSingle)} MB under single events (after: ${singleMemory}), ${fmt(peakBatch)} MB under batches (after: ${batchMemory})`,
      },
    ];
    const cpuNotes = [
      `producer client alone: ${cpuText(client.use)}`,
      `kafkajs alone: ${cpuText(kafkajs.use)}`,
      `ProducerPerformance, round 1: ${cpuText(perfs[0]!.use)}`,
      `batches, round 1: ${cpuText(batchRuns[0]!.use)}`,
      `single events, round 1: ${cpuText(singles[0]!.use)}`,
      `empty NestJS, round 1: ${cpuText(nests[0]!.use)}`,
      `empty node:http: ${cpuText(emptyNode.use)}`,
    ].join('; ');
    return { rows, goals, cpuNotes };
  } finally {
    if (nest) await nest.stop();
    await app.stop();
  }
}

async function main(): Promise<void> {
  // A clean broker each run: no topics or Locations left by an earlier one.
  kafkaBroker('stop', KAFKA_PORT);
  rmSync(resolve(kafkaHomeDir(KAFKA_PORT), 'data'), { recursive: true, force: true });
  kafkaBroker('start', KAFKA_PORT);
  let figures: { rows: ResultRow[]; goals: GoalRow[]; cpuNotes: string };
  try {
    figures = await run();
  } finally {
    kafkaBroker('stop', KAFKA_PORT);
  }
  if (BATCHES_ONLY || AGAINST) return console.log(`${BATCHES_ONLY ? 'INGEST_BENCH_BATCHES_ONLY' : 'INGEST_BENCH_AGAINST'}: bench/results/ingest.json left as it was`);
  const result = {
    name: 'ingest',
    title: 'charger-events: ingest API throughput (one replica)',
    rows: figures.rows,
    goals: figures.goals,
    notes:
      `BENCH_SCALE=${SCALE}, ${ROUNDS} interleaved rounds (baseline and charger-events, counterbalanced: the baseline first in odd rounds): ${LOAD_SECONDS} s per load after ${WARMUP_SECONDS} s of warm-up (CPU measured over the load, not the warm-up; ProducerPerformance's includes its JVM start); ${fmt(LOCATIONS)} Locations × ${EVSES_PER_LOCATION} EVSEs known, ` +
      `events cycle over them stamped now; Kafka 4.3.1 on its own broker, ${PARTITIONS} partitions, acks=all, idempotent producers. ` +
      'Kafka, charger-events (LOG_LEVEL=warn) and the load generator (autocannon, in the bench process) share this machine. ' +
      "ProducerPerformance sends unkeyed random records of the published event's size with the Java client's defaults (batching, linger 5 ms, " +
      'several requests in flight); charger-events adds a key and a correlation-id header and keeps one produce request in flight (the next one waiting behind it), from a thread of its own (libs/messaging kafka-producer-thread.client.ts). ' +
      `Clients alone (bench/producer-client-perf.ts): the app's producer client, and kafkajs with the same settings, the same record size, keyed, ${fmt(BATCH_CONNECTIONS * BATCH_SIZE)} records a request, each in a process of its own. ` +
      `charger-events runs with ${Object.entries(CHARGER_EVENTS_RUNTIME)
        .map(([name, value]) => `${name}="${value}"`)
        .join(' ')} (deploy/k8s/base/charger-events.yaml). ` +
      'Empty handlers (bench/empty-http-server.ts): a JSON body parse and a 202 with a small JSON body, plain node:http and NestJS on Fastify (the platform of charger-events) without logger, same autocannon settings as the single-event load. ' +
      'CPU µs per unit: utime + stime of each process from /proc (the load generator: this process) over the measured load, divided by the events accepted (records sent for ProducerPerformance); median of the rounds. ' +
      `CPU during each load in % of one core: ${figures.cpuNotes}.`,
  };
  await writeResult(result);
  console.log(JSON.stringify(result, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
