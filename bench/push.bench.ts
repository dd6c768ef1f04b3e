/**
 * Benchmark: gireve-push, the EVSE status push to GIREVE, against the built
 * iop-simulator on a real Kafka broker (its own, BENCH_KAFKA_PORT, 29303 by
 * default) and PostgreSQL. Goals as ratios to a baseline of the same run, in
 * BENCH_ROUNDS interleaved rounds (bench-kit.ts), with CPU µs per PATCH by process:
 *
 * 1. Throughput: PATCH/s of one replica draining distinct EVSE changes with the
 *    simulator answering in 50 ms (goal ≥ 80 % of the baseline, and ≥ 2,000/s).
 *    Baseline: autocannon PATCHing the simulator directly, as many connections
 *    as the worker may use, alternating with the replica's rounds.
 * 2. Latency: from the ingestor's acceptance (the event's received_at) to the
 *    PATCH received by the simulator, at 1,000 events/s, simulator without
 *    latency (goal p99 ≤ 1.5 × Kafka alone's, and ≤ 100 ms), transitions mode.
 *    Baseline, side by side in each round: a bare kafkajs consumer's
 *    received_at → consumed time for the same events (Kafka alone).
 * 3. Outage, transitions mode (the default, GIREVE's store-and-forward):
 *    20,000 EVSEs change 10 times each (charger times a minute apart: a
 *    10-minute outage) while the IOP is down; then, at 50 ms IOP latency, the
 *    PATCHes sent (goal: all 200,000 transitions), the time to drain (goal
 *    ≤ 100 s) and PATCH/s (goal ≥ 2,000). The outage lasts as long as producing
 *    the transitions takes: what counts is the backlog, not the wall time.
 * 4. Outage, latest mode (a second replica with STATUS_DELIVERY=latest, its
 *    own database and group): the same outage; PATCHes (goal ≤ 20,000) and the
 *    time until every EVSE holds its newest status (goal ≤ 30 s).
 * 5. Scale: 3 replicas (one database, one consumer group) drain distinct EVSE
 *    changes at 50 ms IOP latency; one is killed (kill -9) when half are
 *    delivered: PATCH/s before and after, the slowest second after the kill,
 *    accept → PATCH p99, PATCHes sent twice (the rebalance cost).
 * 6. Issue 22's transport change (bench-kit.ts TRANSPORT_CHANGE: the intake on
 *    KafkaBatchServer) against its parent commit, both built in .cache/bench-refs:
 *    figure 1's drain, the two versions' replicas alternating (goal ≥ 0.9 × the parent).
 *
 * BENCH_SCALE scales counts and durations (0.05 for a smoke run); PUSH_BENCH_FIGURES
 * picks figures while tuning (a partial run prints, the result file needs all). Writes
 * bench/results/push.json. Run after `npm run build`: node dist/bench/push.bench.js
 */
import 'reflect-metadata';
import { EvseStatusEventV1, evseKey, TOPICS } from '@app/messaging';
import { dropDatabase, ensureDatabase } from '@app/platform/database';
import { type AppProcess, startGroupAtTopicEnd } from '@app/testing';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { latencyHistogram, type LatencyHistogram } from './histogram-svg';
import {
  autocannon,
  type AutocannonResult,
  CpuMeter,
  createTopics,
  type CpuUse,
  cpuPercentText,
  cpuPerUnit,
  cpuPerUnitText,
  type GoalRow,
  goalRow,
  goalText,
  interleave,
  kafkaBroker,
  kafkaBrokerPid,
  median,
  type PidSource,
  postgresBackends,
  type ResultRow,
  ROUNDS,
  type Sample,
  SCALE,
  scaled,
  startApp,
  TRANSPORT_CHANGE,
  builtRef,
  writeResult,
} from './bench-kit';

const KAFKA_PORT = Number(process.env.BENCH_KAFKA_PORT ?? 29303);
const BROKERS = `127.0.0.1:${KAFKA_PORT}`;
const PARTITIONS = 12;
const CONCURRENCY = 256;
const DATABASE_NAME = `gireve_bench_push_${randomBytes(3).toString('hex')}`;
const DATABASE_URL = `${process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432'}/${DATABASE_NAME}`;
const LATEST_DATABASE_URL = `${DATABASE_URL}_latest`;
const SCALE_DATABASE_URL = `${DATABASE_URL}_scale`;
const IOP_LATENCY_MS = 50;
const TOKEN = `bench-token-${randomUUID()}`;
/** PUSH_BENCH_FIGURES=throughput,latency to measure some figures only (while tuning). */
const ALL_FIGURES = ['throughput', 'latency', 'outage', 'outage-latest', 'scale', 'transport'];
const FIGURES = new Set((process.env.PUSH_BENCH_FIGURES ?? ALL_FIGURES.join(',')).split(','));

interface SimRecord {
  seq: number;
  method: string;
  evse_uid?: string;
  body: { status?: string; last_updated?: string };
  received_at: string;
  http_status: number;
}

// ---------- simulator ----------

class Simulator {
  constructor(readonly url: string) {}

  async faults(faults: Record<string, unknown> | null): Promise<void> {
    const response = await fetch(`${this.url}/admin/faults`, {
      method: faults ? 'PUT' : 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: faults ? JSON.stringify(faults) : undefined,
    });
    if (!response.ok) throw new Error(`faults: HTTP ${response.status}`);
  }

  async requests(since: number): Promise<SimRecord[]> {
    return (await (await fetch(`${this.url}/admin/requests?since=${since}`)).json()) as SimRecord[];
  }

  async lastSeq(): Promise<number> {
    await fetch(`${this.url}/admin/requests`, { method: 'DELETE' }); // keeps the simulator's memory small between figures
    const all = await this.requests(0);
    return all.at(-1)?.seq ?? 0;
  }
}

// ---------- events ----------

const STATUSES = ['AVAILABLE', 'CHARGING', 'BLOCKED', 'RESERVED'] as const;

/** EVSE `n` of a figure: each figure has its own prefix, four EVSEs a Location. */
function event(prefix: string, evse: number, status: string, eventTime: Date, receivedAt = new Date()): EvseStatusEventV1 {
  return {
    event_id: randomUUID(),
    country_code: 'FR',
    party_id: 'ABC',
    location_id: `${prefix}L${Math.floor(evse / 4)}`,
    evse_uid: `${prefix}E${evse}`,
    status: status as EvseStatusEventV1['status'],
    event_time: eventTime.toISOString(),
    received_at: receivedAt.toISOString(),
    source: 'ocpp16',
  };
}

async function publish(producer: Producer, events: EvseStatusEventV1[]): Promise<void> {
  for (let i = 0; i < events.length; i += 2000) {
    await producer.send({
      topic: TOPICS.evseStatus,
      acks: -1,
      messages: events.slice(i, i + 2000).map((e) => ({ key: evseKey(e), value: JSON.stringify(e) })),
    });
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function until(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(100)) if (await check()) return;
  throw new Error(`timed out waiting for ${what}`);
}

// ---------- figures ----------

/**
 * How many EVSEs of a figure hold their newest status at the IOP. Polled while the figure runs, and its
 * PostgreSQL backend is charged to the figure: the whole table is counted only once none is pending
 * (unless `countWhilePending`).
 */
async function inSync(db: Client, prefix: string, countWhilePending = false): Promise<number> {
  const pending = await db.query(`SELECT 1 FROM evse_push_state WHERE pending_since IS NOT NULL AND parked_at IS NULL AND evse_uid LIKE $1 LIMIT 1`, [`${prefix}E%`]);
  if (pending.rows.length > 0 && !countWhilePending) return 0;
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM evse_push_state WHERE evse_uid LIKE $1 AND pending_since IS NULL`, [`${prefix}E%`]);
  return rows[0].n;
}

/** The simulator, the broker and the load generator's producer, shared by the figures. */
interface Bench {
  sim: Simulator;
  simPid: number;
  brokerPid: number;
  producer: Producer;
}

/** The pipeline's processes whose CPU a figure is charged, beside the load generator (this process, counted by CpuMeter). */
function pipeline(bench: Bench, workers: Record<string, number>): Record<string, PidSource> {
  return { ...workers, 'iop-simulator': bench.simPid, 'Kafka broker': bench.brokerPid, 'PostgreSQL backends': postgresBackends(DATABASE_NAME) };
}

/** The PATCHes answered 200 since `since` for EVSEs of `prefix`, their receive times in order, and their rate from the first to the last. */
async function patchesSince(sim: Simulator, since: number, prefix: string): Promise<{ patches: SimRecord[]; times: number[]; rate: number }> {
  const patches = (await sim.requests(since)).filter((r) => r.method === 'PATCH' && r.http_status === 200 && r.evse_uid?.startsWith(`${prefix}E`));
  const times = patches.map((r) => Date.parse(r.received_at)).sort((a, b) => a - b);
  return { patches, times, rate: (patches.length - 1) / ((times.at(-1)! - times[0]!) / 1000) };
}

const cpuLine = (use: CpuUse, units: number, unit: string): string => `CPU µs/${unit} ${cpuPerUnitText(cpuPerUnit(use, units))}; ${cpuPercentText(use)}`;

/** Baseline round: autocannon PATCHing the simulator straight, 50 ms latency, as many connections as the worker may use. */
async function simulatorCeiling(bench: Bench): Promise<Sample> {
  await bench.sim.faults({ latency_ms: IOP_LATENCY_MS });
  await bench.sim.lastSeq();
  const meter = new CpuMeter({ 'iop-simulator': bench.simPid });
  let result: AutocannonResult;
  try {
    result = await autocannon({
      url: `${bench.sim.url}/ocpi/emsp/2.1.1/locations/FR/ABC/LOCB/EB`,
      method: 'PATCH',
      connections: CONCURRENCY,
      duration: Math.max(3, Math.round(8 * SCALE)),
      headers: { authorization: `Token ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'AVAILABLE', last_updated: '2026-11-24T00:00:00Z' }),
    });
  } finally {
    meter.stop();
  }
  const use = meter.stop();
  const ok = result.statusCodeStats['200']?.count ?? 0;
  console.log(`  autocannon → simulator: ${Math.round(ok / result.duration)} PATCH/s; ${cpuLine(use, ok, 'PATCH')}`);
  return { value: ok / result.duration, use, units: ok };
}

/** A round of the replica: distinct EVSEs, one change each, pushed through 50 ms of IOP latency. */
async function drainRound(bench: Bench, db: Client, workerPid: number, prefix: string): Promise<Sample> {
  const count = scaled(20_000, 1_000);
  await bench.sim.faults({ latency_ms: IOP_LATENCY_MS });
  const since = await bench.sim.lastSeq();
  const time = new Date('2026-11-24T00:00:00Z');
  const meter = new CpuMeter(pipeline(bench, { 'gireve-push': workerPid }));
  try {
    await publish(
      bench.producer,
      Array.from({ length: count }, (_, i) => event(prefix, i, 'CHARGING', time)),
    );
    await until('the throughput PATCHes', 600_000, async () => (await inSync(db, prefix)) === count);
  } finally {
    meter.stop();
  }
  const use = meter.stop();
  const { patches, rate } = await patchesSince(bench.sim, since, prefix);
  console.log(`  gireve-push: ${Math.round(rate)} PATCH/s (${patches.length} PATCHes); ${cpuLine(use, patches.length, 'PATCH')}`);
  return { value: rate, use, units: patches.length };
}

/** The replica's PATCH/s against autocannon straight to the simulator, interleaved rounds. */
async function throughput(bench: Bench, db: Client, workerPid: number): Promise<{ goal: GoalRow; rows: ResultRow[] }> {
  const rounds = await interleave(
    'push throughput',
    () => simulatorCeiling(bench),
    (round) => drainRound(bench, db, workerPid, `T${round}-`),
  );
  await bench.sim.faults(null);
  const goal = goalRow({
    figure: `EVSE status PATCH/s, one replica, IOP latency ${IOP_LATENCY_MS} ms (${scaled(20_000, 1_000)} distinct EVSEs a round, ${CONCURRENCY} in flight)`,
    unit: 'PATCH/s',
    measured: rounds.b,
    baselineName: `autocannon straight to the simulator, ${CONCURRENCY} connections`,
    baseline: rounds.a,
    goal: ['≥', 0.8],
    cpuUnit: 'PATCH',
  });
  console.log(goalText(goal));
  const rate = median(rounds.b.map((r) => r.value));
  return {
    goal,
    rows: [
      { figure: `EVSE status PATCH/s, one replica, IOP latency ${IOP_LATENCY_MS} ms, median of ${ROUNDS} rounds`, value: Math.round(rate), unit: 'PATCH/s', goal: '≥ 2000', baseline: null },
    ],
  };
}

/** A consumer of its own group beside gireve-push: received_at → consumed for the events of the current prefix (Kafka alone). */
async function kafkaAloneConsumer(): Promise<{ collect: (prefix: string) => number[]; stop: () => Promise<void> }> {
  let current = { prefix: '\u0000', samples: [] as number[] };
  const kafka = new Kafka({ clientId: 'bench-baseline', brokers: [BROKERS], logLevel: logLevel.NOTHING });
  // Where each partition ends before any event of the figure is sent: the consumer starts there. "Latest",
  // resolved by the consumer only after it joined, could come after the first events and miss them (a full
  // bench run once waited 60 s for events the consumer had skipped).
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(TOPICS.evseStatus).finally(() => admin.disconnect());
  const consumer = kafka.consumer({ groupId: `bench-baseline-${randomUUID()}` });
  const joined = new Promise<void>((done) => consumer.on(consumer.events.GROUP_JOIN, () => done()));
  await consumer.connect();
  await consumer.subscribe({ topic: TOPICS.evseStatus, fromBeginning: false });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const e = JSON.parse(message.value!.toString()) as EvseStatusEventV1;
      if (e.evse_uid.startsWith(current.prefix)) current.samples.push(Date.now() - Date.parse(e.received_at));
    },
  });
  for (const { partition, offset } of ends) consumer.seek({ topic: TOPICS.evseStatus, partition, offset });
  await joined;
  return {
    collect: (prefix) => {
      current = { prefix, samples: [] };
      return current.samples;
    },
    stop: () => consumer.disconnect(),
  };
}

/** A round at 1,000 events/s: accept → PATCH received, and Kafka alone for the same events, side by side. */
async function latencyRound(
  bench: Bench,
  db: Client,
  workerPid: number,
  kafkaAlone: Awaited<ReturnType<typeof kafkaAloneConsumer>>,
  round: number,
  seconds: number,
): Promise<{ app: Sample; kafka: Sample; observed: number[] }> {
  const evses = 2_000;
  const prefix = `P${round}-`;
  await bench.sim.faults(null);
  const since = await bench.sim.lastSeq();
  const consumed = kafkaAlone.collect(`${prefix}E`);
  const sent = new Map<string, number>(); // evse|status|second → received_at
  const meter = new CpuMeter(pipeline(bench, { 'gireve-push': workerPid }));
  try {
    const start = Date.now();
    for (let tick = 0; tick < seconds * 10; tick++) {
      const now = new Date();
      const batch = Array.from({ length: 100 }, (_, i) => {
        const n = (tick * 100 + i) % evses;
        const cycle = Math.floor((tick * 100 + i) / evses);
        const e = event(prefix, n, STATUSES[cycle % STATUSES.length], now, now);
        sent.set(`${e.evse_uid}|${e.status}|${e.event_time.slice(0, 19)}Z`, now.getTime());
        return e;
      });
      await publish(bench.producer, batch);
      const next = start + (tick + 1) * 100;
      if (next > Date.now()) await sleep(next - Date.now());
    }
    // Every EVSE holds its newest status: in transitions mode, every earlier transition was PATCHed before it.
    await until('the latency PATCHes', 120_000, async () => (await inSync(db, prefix)) === evses);
    await until('Kafka alone consuming the events', 60_000, async () => consumed.length >= sent.size);
  } finally {
    meter.stop();
  }
  const use = meter.stop();
  const observed = (await bench.sim.requests(since))
    .filter((r) => r.method === 'PATCH')
    .map((r) => {
      const acceptedAt = sent.get(`${r.evse_uid}|${r.body.status}|${r.body.last_updated}`);
      return acceptedAt === undefined ? undefined : Date.parse(r.received_at) - acceptedAt;
    })
    .filter((ms): ms is number => ms !== undefined)
    .sort((a, b) => a - b);
  consumed.sort((a, b) => a - b);
  console.log(
    `  accept → PATCH p50 ${percentile(observed, 50)} ms, p99 ${percentile(observed, 99)} ms (${observed.length} PATCHes); Kafka alone p50 ${percentile(consumed, 50)} ms, p99 ${percentile(consumed, 99)} ms; ${cpuLine(use, observed.length, 'PATCH')}`,
  );
  return { app: { value: percentile(observed, 99), use, units: observed.length }, kafka: { value: percentile(consumed, 99) }, observed };
}

/** 1,000 events/s in ROUNDS rounds; accept → PATCH p99 against Kafka alone's p99. */
async function latency(bench: Bench, db: Client, workerPid: number): Promise<{ goal: GoalRow; rows: ResultRow[]; histogram: LatencyHistogram }> {
  const kafkaAlone = await kafkaAloneConsumer();
  const runs: Awaited<ReturnType<typeof latencyRound>>[] = [];
  try {
    // Not counted, as in the ingest figures: the first seconds of load after the worker starts also measure its
    // JIT and connection pools warming up (p99 of 700–950 ms for gireve-push, 200–450 ms for Kafka alone).
    console.log(`[push latency] warm-up round (${scaled(5, 2)} s, not counted)`);
    await latencyRound(bench, db, workerPid, kafkaAlone, 0, scaled(5, 2));
    for (let round = 1; round <= ROUNDS; round++) {
      console.log(`[push latency] round ${round}/${ROUNDS}: gireve-push and Kafka alone side by side`);
      runs.push(await latencyRound(bench, db, workerPid, kafkaAlone, round, scaled(20, 5)));
    }
  } finally {
    await kafkaAlone.stop();
  }
  const goal = goalRow({
    figure: 'accept → PATCH received, p99, at 1,000 events/s, transitions mode',
    unit: 'ms',
    measured: runs.map((r) => r.app),
    baselineName: 'Kafka alone (received_at → consumed by a bare kafkajs consumer, same events, same time)',
    baseline: runs.map((r) => r.kafka),
    goal: ['≤', 1.5],
    cpuUnit: 'PATCH',
  });
  console.log(goalText(goal));
  const all = runs.flatMap((r) => r.observed).sort((a, b) => a - b);
  const histogram = latencyHistogram('push-latency', 'gireve-push: accept → PATCH received at 1,000 events/s (all rounds)', all);
  const rows: ResultRow[] = [
    {
      figure: `accept → PATCH received, p50, at 1,000 events/s (${all.length} PATCHes in ${ROUNDS} rounds of ${scaled(20, 5)} s after a warm-up of ${scaled(5, 2)} s)`,
      value: percentile(all, 50),
      unit: 'ms',
      goal: null,
      baseline: null,
    },
    {
      figure: `accept → PATCH received, p99, at 1,000 events/s, median of ${ROUNDS} rounds`,
      value: goal.measured.median,
      unit: 'ms',
      goal: '≤ 100',
      baseline: `Kafka alone: p99 ${goal.baseline.median} ms`,
    },
  ];
  return { goal, rows, histogram };
}

/**
 * An IOP outage during which every EVSE changes 10 times (each change a new
 * status, charger times a minute apart), then the replay at 50 ms IOP latency:
 * every transition in transitions mode, the newest status of each EVSE in latest mode.
 * The IOP is down while the transitions are produced: the backlog, not the wall time, makes the figure.
 */
async function outage(bench: Bench, db: Client, workerPid: number, mode: 'transitions' | 'latest'): Promise<ResultRow[]> {
  const { sim, producer } = bench;
  const prefix = mode === 'transitions' ? 'O' : 'Q';
  const evses = scaled(20_000, 500);
  const rounds = 10;
  await sim.faults({ outage: true });
  const base = Date.parse('2026-11-25T00:00:00Z');
  const producing = Date.now();
  for (let round = 0; round < rounds; round++) {
    const time = new Date(base + round * 60_000);
    await publish(
      producer,
      Array.from({ length: evses }, (_, i) => event(prefix, i, STATUSES[(i + round) % STATUSES.length], time)),
    );
  }
  await until('the outage backlog stored', 600_000, async () => {
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM evse_status_queue WHERE evse_key LIKE $1`, [`FR/ABC/${prefix}L%`]);
    return rows[0].n === evses * rounds;
  });
  const stored = (Date.now() - producing) / 1000;
  const since = await sim.lastSeq();
  const meter = new CpuMeter(pipeline(bench, { 'gireve-push': workerPid }));
  await sim.faults({ latency_ms: IOP_LATENCY_MS });
  const recoveredAt = Date.now();
  try {
    await until('the backlog drained', 900_000, async () => (await inSync(db, prefix)) === evses);
  } finally {
    meter.stop();
  }
  const drained = (Date.now() - recoveredAt) / 1000;
  const use = meter.stop();
  await sim.faults(null);
  const { patches, rate } = await patchesSince(sim, since, prefix);
  const cpu = cpuLine(use, patches.length, 'PATCH');
  console.log(`  ${mode}: ${patches.length} PATCHes in ${drained.toFixed(1)} s, ${Math.round(rate)} PATCH/s; ${cpu}`);
  const what = `an outage during which ${evses} EVSEs changed ${rounds} times each (charger times 1 min apart; produced and stored in ${Math.round(stored)} s), IOP latency ${IOP_LATENCY_MS} ms after it`;
  const cpuRow = {
    figure: `${mode} mode: CPU per PATCH during the ${mode === 'transitions' ? 'drain' : 'convergence'}, all processes`,
    value: Math.round(cpuPerUnit(use, patches.length).total!),
    unit: 'µs/PATCH',
    goal: null,
    baseline: cpu,
  };
  if (mode === 'transitions') {
    return [
      { figure: `transitions mode: PATCHes after ${what}`, value: patches.length, unit: 'PATCH', goal: `= ${evses * rounds} (every transition)`, baseline: `${evses * rounds} events` },
      { figure: 'transitions mode: time to drain the backlog once the IOP is back', value: Math.round(drained * 10) / 10, unit: 's', goal: '≤ 100 (at full scale)', baseline: null },
      { figure: 'transitions mode: PATCH/s of one replica during the drain', value: Math.round(rate), unit: 'PATCH/s', goal: '≥ 2000', baseline: null },
      cpuRow,
    ];
  }
  return [
    { figure: `latest mode: PATCHes after ${what}`, value: patches.length, unit: 'PATCH', goal: `≤ ${evses}`, baseline: `${evses * rounds} events (forwarding each event)` },
    { figure: 'latest mode: time to converge once the IOP is back (every EVSE holds its newest status)', value: Math.round(drained * 10) / 10, unit: 's', goal: '≤ 30', baseline: null },
    cpuRow,
  ];
}

/**
 * Three replicas (one database, one group) drain distinct EVSE changes at 50 ms
 * IOP latency; the third is killed (kill -9) once half the EVSEs are delivered.
 */
async function scaleOut(bench: Bench, replicas: AppProcess[], db: Client, singleReplicaRate: number | undefined): Promise<ResultRow[]> {
  const { sim, producer } = bench;
  const count = scaled(60_000, 3_000);
  const prefix = 'S';
  await sim.faults({ latency_ms: IOP_LATENCY_MS });
  const since = await sim.lastSeq();
  const workers = Object.fromEntries(replicas.map((r, i) => [`gireve-push #${i + 1}`, r.pid]));
  const meter = new CpuMeter(pipeline(bench, workers));
  const acceptedAt = new Map<string, number>();
  let killedAt = 0;
  try {
    const time = new Date('2026-11-26T00:00:00Z');
    for (let i = 0; i < count; i += 2000) {
      const now = new Date();
      const batch = Array.from({ length: Math.min(2000, count - i) }, (_, j) => event(prefix, i + j, 'CHARGING', time, now));
      batch.forEach((e) => acceptedAt.set(e.evse_uid, now.getTime()));
      await publish(producer, batch);
    }
    await until('half the scale-out PATCHes', 600_000, async () => (await inSync(db, prefix, true)) >= count / 2);
    const killed = replicas[2]!.stop('SIGKILL');
    killedAt = Date.now();
    await killed;
    await until('the scale-out PATCHes', 900_000, async () => (await inSync(db, prefix)) === count);
  } finally {
    meter.stop();
  }
  const use = meter.stop();
  await sim.faults(null);
  const { patches, times } = await patchesSince(sim, since, prefix);
  const before = times.filter((t) => t < killedAt);
  const after = times.filter((t) => t >= killedAt);
  const rateBefore = (before.length - 1) / ((before.at(-1)! - before[0]!) / 1000);
  const rateAfter = after.length / ((after.at(-1)! - killedAt) / 1000);
  const perSecond = new Array<number>(Math.max(1, Math.floor((after.at(-1)! - killedAt) / 1000))).fill(0);
  for (const t of after) {
    const second = Math.floor((t - killedAt) / 1000);
    if (second < perSecond.length) perSecond[second]!++;
  }
  const gaps = after.map((t, i) => t - (i === 0 ? killedAt : after[i - 1]!));
  const latencies = patches
    .map((r) => Date.parse(r.received_at) - (acceptedAt.get(r.evse_uid!) ?? Number.NaN))
    .filter((ms) => !Number.isNaN(ms))
    .sort((a, b) => a - b);
  const cpu = cpuLine(use, patches.length, 'PATCH');
  console.log(`  scale: ${Math.round(rateBefore)} PATCH/s with 3 replicas, ${Math.round(rateAfter)} after the kill, slowest second ${Math.min(...perSecond)}; ${cpu}`);
  const single = singleReplicaRate === undefined ? '' : `; one replica (throughput figure, median): ${Math.round(singleReplicaRate)} PATCH/s`;
  return [
    {
      figure: `3 replicas (one database, one group), IOP latency ${IOP_LATENCY_MS} ms, ${count} distinct EVSEs: PATCH/s until one is killed`,
      value: Math.round(rateBefore),
      unit: 'PATCH/s',
      goal: null,
      baseline: `${Math.round(rateBefore / 3)} PATCH/s per replica${single}`,
    },
    {
      figure: '3 replicas, one killed (kill -9) at half the EVSEs delivered: PATCH/s of the 2 left, kill to last PATCH',
      value: Math.round(rateAfter),
      unit: 'PATCH/s',
      goal: null,
      baseline: `${Math.round(rateAfter / 2)} PATCH/s per replica`,
    },
    {
      figure: '3 replicas, one killed: PATCHes in the slowest second after the kill (the rebalance cost)',
      value: Math.min(...perSecond),
      unit: 'PATCH',
      goal: null,
      baseline: `longest pause between two PATCHes after the kill ${Math.max(...gaps)} ms; ${after.length} PATCHes in ${((after.at(-1)! - killedAt) / 1000).toFixed(1)} s after it`,
    },
    {
      figure: '3 replicas, one killed: accept → PATCH received, p99 (all published at once: mostly the time in the backlog)',
      value: percentile(latencies, 99),
      unit: 'ms',
      goal: null,
      baseline: `p50 ${percentile(latencies, 50)} ms`,
    },
    {
      figure: '3 replicas, one killed: PATCHes beyond one per EVSE (sent again after the kill)',
      value: patches.length - count,
      unit: 'PATCH',
      goal: null,
      baseline: `${patches.length} PATCHes for ${count} EVSEs`,
    },
    { figure: '3 replicas, one killed: CPU per PATCH, all processes', value: Math.round(cpuPerUnit(use, patches.length).total!), unit: 'µs/PATCH', goal: null, baseline: cpu },
  ];
}

/** A gireve-push replica of `dist` (this checkout's by default) on `databaseUrl` in `group`. */
type StartWorker = (name: string, databaseUrl: string, group: string, env?: Record<string, string>, dist?: string) => Promise<AppProcess>;

/**
 * Issue 22's transport change (TRANSPORT_CHANGE) against its parent: each
 * round starts the version's replica (a database of its own, a new group),
 * drains distinct EVSE changes as the throughput figure does, and stops it;
 * the two versions alternate.
 */
async function transportChange(bench: Bench, startWorker: StartWorker, newGroup: () => Promise<string>): Promise<GoalRow | null> {
  const dists = { before: builtRef(TRANSPORT_CHANGE.before), after: builtRef(TRANSPORT_CHANGE.after) };
  if (!dists.before || !dists.after) {
    console.log(`the transport change: commits ${TRANSPORT_CHANGE.before} and ${TRANSPORT_CHANGE.after} not in this clone, figure left out`);
    return null;
  }
  const round = (version: 'before' | 'after') => async (n: number) => {
    const databaseUrl = `${DATABASE_URL}_${version}`;
    const worker = await startWorker(`bench-push-gireve-push-${version}`, databaseUrl, await newGroup(), {}, dists[version]!);
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      console.log(`  ${version} (${TRANSPORT_CHANGE[version]}):`);
      return await drainRound(bench, db, worker.pid, `X${version}${n}-`);
    } finally {
      await db.end();
      await worker.stop();
    }
  };
  const rounds = await interleave('push transport change', round('before'), round('after'));
  const goal = goalRow({
    figure: `the transport change (${TRANSPORT_CHANGE.after}: intake on KafkaBatchServer) against its parent (${TRANSPORT_CHANGE.before}): EVSE status PATCH/s of one replica, IOP latency ${IOP_LATENCY_MS} ms`,
    unit: 'PATCH/s',
    measured: rounds.b,
    baselineName: `its parent ${TRANSPORT_CHANGE.before}, same load`,
    baseline: rounds.a,
    goal: ['≥', 0.9],
    cpuUnit: 'PATCH',
  });
  console.log(goalText(goal));
  return goal;
}

// ---------- main ----------

async function main(): Promise<void> {
  kafkaBroker('start', KAFKA_PORT);
  await ensureDatabase(DATABASE_URL);
  const admin = new Kafka({ clientId: 'bench-admin', brokers: [BROKERS], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await createTopics(BROKERS, PARTITIONS);
  const simApp = await startApp('iop-simulator', 'bench-push-iop-simulator', (url) => ({ IOP_TOKEN: TOKEN, IOP_PUBLIC_URL: url }));
  const sim = new Simulator(simApp.url);
  /** A consumer group starting at the topics' end. */
  const newGroup = async (): Promise<string> => {
    const group = `bench-push-${randomUUID().slice(0, 8)}`;
    await startGroupAtTopicEnd(BROKERS, group, [TOPICS.evseStatus, TOPICS.locations]);
    return group;
  };
  /** A replica on `databaseUrl` in `group`. */
  const startWorker: StartWorker = async (name, databaseUrl, group, env = {}, dist) => {
    await ensureDatabase(databaseUrl);
    return startApp(
      'gireve-push',
      name,
      () => ({
        KAFKA_BROKERS: BROKERS,
        KAFKA_TOPIC_PARTITIONS: String(PARTITIONS),
        KAFKA_CONSUMER_GROUP: group,
        DATABASE_URL: databaseUrl,
        IOP_VERSIONS_URL: `${simApp.url}/ocpi/emsp/versions`,
        IOP_TOKEN: TOKEN,
        PUSH_CONCURRENCY: String(CONCURRENCY),
        IOP_RATE_LIMIT_PER_SECOND: '0',
        ...env,
      }),
      dist,
    );
  };
  const worker = await startWorker('bench-push-gireve-push', DATABASE_URL, await newGroup());
  const producer = new Kafka({ clientId: 'bench-producer', brokers: [BROKERS], logLevel: logLevel.NOTHING }).producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  const bench: Bench = { sim, simPid: simApp.pid, brokerPid: kafkaBrokerPid(KAFKA_PORT), producer };
  const workerPid = worker.pid;

  const rows: ResultRow[] = [];
  const goals: GoalRow[] = [];
  const histograms: LatencyHistogram[] = [];
  const others: AppProcess[] = [];
  let singleReplicaRate: number | undefined;
  try {
    if (FIGURES.has('throughput')) {
      const measured = await throughput(bench, db, workerPid);
      goals.push(measured.goal);
      rows.push(...measured.rows);
      singleReplicaRate = measured.goal.measured.median;
    }
    if (FIGURES.has('latency')) {
      const measured = await latency(bench, db, workerPid);
      goals.push(measured.goal);
      rows.push(...measured.rows);
      histograms.push(measured.histogram);
      console.log(measured.rows);
    }
    if (FIGURES.has('outage')) {
      rows.push(...(await outage(bench, db, workerPid, 'transitions')));
      console.log(rows.slice(-4));
    }
    // From here on, only the figure's own replicas consume: the first one would PATCH the same events again.
    await worker.stop();
    if (FIGURES.has('outage-latest')) {
      const latestWorker = await startWorker('bench-push-gireve-push-latest', LATEST_DATABASE_URL, await newGroup(), { STATUS_DELIVERY: 'latest' });
      others.push(latestWorker);
      const latestDb = new Client({ connectionString: LATEST_DATABASE_URL });
      await latestDb.connect();
      try {
        rows.push(...(await outage(bench, latestDb, latestWorker.pid, 'latest')));
        console.log(rows.slice(-3));
      } finally {
        await latestDb.end();
        await latestWorker.stop();
      }
    }
    if (FIGURES.has('transport')) {
      const goal = await transportChange(bench, startWorker, newGroup);
      if (goal) goals.push(goal);
    }
    if (FIGURES.has('scale')) {
      const group = await newGroup();
      const replicas: AppProcess[] = [];
      // One after another: the first migrates the fresh database.
      for (let i = 1; i <= 3; i++) replicas.push(await startWorker(`bench-push-gireve-push-scale-${i}`, SCALE_DATABASE_URL, group));
      others.push(...replicas);
      await until('3 replicas in one stable group', 120_000, async () => {
        const [described] = (await admin.describeGroups([group])).groups;
        return described?.state === 'Stable' && described.members.length === 3;
      });
      const scaleDb = new Client({ connectionString: SCALE_DATABASE_URL });
      await scaleDb.connect();
      try {
        rows.push(...(await scaleOut(bench, replicas, scaleDb, singleReplicaRate)));
        console.log(rows.slice(-6));
      } finally {
        await scaleDb.end();
        for (const replica of replicas) await replica.stop();
      }
    }
  } finally {
    await admin.disconnect();
    await producer.disconnect();
    await db.end();
    await worker.stop();
    for (const other of others) await other.stop();
    await simApp.stop();
    await dropDatabase(DATABASE_URL);
    await dropDatabase(LATEST_DATABASE_URL);
    await dropDatabase(SCALE_DATABASE_URL);
    await dropDatabase(`${DATABASE_URL}_before`);
    await dropDatabase(`${DATABASE_URL}_after`);
    kafkaBroker('stop', KAFKA_PORT);
  }
  const result = {
    name: 'push',
    title: 'gireve-push: EVSE status push to the IOP',
    rows,
    goals,
    histograms,
    notes:
      `BENCH_SCALE=${SCALE}, ${ROUNDS} rounds for the goals (throughput: baseline and replica alternating, counterbalanced (the baseline first in odd rounds); latency: gireve-push and Kafka alone side by side in each round); ` +
      `${PARTITIONS} partitions; PUSH_CONCURRENCY=${CONCURRENCY}; no rate limit; Kafka, PostgreSQL, the simulator, ` +
      'the workers and the load generator share this machine. Latency: simulator record received_at minus the event received_at (same clock). ' +
      "CPU µs per PATCH: utime + stime from /proc of gireve-push, the simulator, the Kafka broker, this run's PostgreSQL backends (shared PostgreSQL processes left out) " +
      'and the load generator (this process: producer, autocannon, pg polling), over the round, divided by the PATCHes the simulator answered 200.',
  };
  if (ALL_FIGURES.every((figure) => FIGURES.has(figure))) await writeResult(result);
  else if (FIGURES.size === 1 && FIGURES.has('transport')) {
    // The transport figure alone (issue 22's before/after) has a result of its own.
    await writeResult({ ...result, name: 'push-transport', title: "gireve-push: issue 22's transport change against its parent", rows: [] });
  } else console.log('partial run (PUSH_BENCH_FIGURES): bench/results/push.json left as it was');
  console.log(JSON.stringify(result, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
