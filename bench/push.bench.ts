/**
 * Benchmark: gireve-push, the EVSE status push to GIREVE, against the built
 * iop-simulator on a real Kafka broker (its own, port 29303) and PostgreSQL.
 *
 * 1. Throughput: PATCH/s of one replica with the simulator answering in 50 ms
 *    (goal ≥ 2,000/s). Baseline, same run: the simulator's own ceiling, autocannon
 *    PATCHing it directly with as many connections as the worker may use.
 * 2. Latency: from the ingestor's acceptance (the event's received_at) to the
 *    PATCH received by the simulator, at 1,000 events/s, simulator without
 *    latency (goal p99 ≤ 100 ms). Baseline, same run: a bare kafkajs consumer's
 *    received_at → consumed time for the same events (Kafka alone).
 * 3. Outage, transitions mode (the default, GIREVE's store-and-forward):
 *    20,000 EVSEs change 10 times each while the IOP is down for 10 minutes;
 *    then, at 50 ms IOP latency, the PATCHes sent (goal: all 200,000
 *    transitions), the time to drain (goal ≤ 100 s) and PATCH/s (goal ≥ 2,000).
 * 4. Outage, latest mode (a second replica with STATUS_DELIVERY=latest, its
 *    own database and group): the same outage; PATCHes (goal ≤ 20,000) and the
 *    time until every EVSE holds its newest status (goal ≤ 30 s). Baseline:
 *    the events produced (what forwarding every event would send).
 *
 * BENCH_SCALE scales counts and durations (0.05 for a smoke run); PUSH_BENCH_FIGURES
 * picks figures while tuning (a partial run prints, the result file needs all four). Writes
 * bench/results/push.json. Run after `npm run build`: node dist/bench/push.bench.js
 */
import 'reflect-metadata';
import { EvseStatusEventV1, evseKey, TOPICS } from '@app/messaging';
import { createTopics } from '@app/testing';
import { dropDatabase, ensureDatabase } from '@app/platform/database';
import { type Admin, Kafka, logLevel, type Producer } from 'kafkajs';
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { latencyHistogram, type LatencyHistogram } from './histogram-svg';
import { autocannon, kafkaBroker, type ResultRow, SCALE, scaled, startApp, stopServer, writeResult } from './bench-kit';

const KAFKA_PORT = Number(process.env.BENCH_KAFKA_PORT ?? 29303);
const BROKERS = `127.0.0.1:${KAFKA_PORT}`;
const PARTITIONS = 12;
const CONCURRENCY = 256;
const DATABASE_URL = `${process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432'}/gireve_bench_push_${randomBytes(3).toString('hex')}`;
const LATEST_DATABASE_URL = `${DATABASE_URL}_latest`;
const TOKEN = `bench-token-${randomUUID()}`;
/** PUSH_BENCH_FIGURES=throughput,latency to measure some figures only (while tuning). */
const ALL_FIGURES = ['throughput', 'latency', 'outage', 'outage-latest'];
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

/** Distinct EVSEs, one change each, pushed through 50 ms of IOP latency. */
/** How many EVSEs of a figure hold their newest status at the IOP. */
async function inSync(db: Client, prefix: string): Promise<number> {
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM evse_push_state WHERE evse_uid LIKE $1 AND pending_since IS NULL`, [`${prefix}E%`]);
  return rows[0].n;
}

async function throughput(sim: Simulator, producer: Producer, db: Client): Promise<ResultRow> {
  const count = scaled(40_000, 2_000);
  await sim.faults({ latency_ms: 50 });
  const since = await sim.lastSeq();
  const time = new Date('2026-11-24T00:00:00Z');
  await publish(producer, Array.from({ length: count }, (_, i) => event('T', i, 'CHARGING', time)));
  await until('the throughput PATCHes', 600_000, async () => (await inSync(db, 'T')) === count);
  const patches = (await sim.requests(since)).filter((r) => r.method === 'PATCH' && r.http_status === 200);
  const times = patches.map((r) => Date.parse(r.received_at)).sort((a, b) => a - b);
  const rate = (patches.length - 1) / ((times.at(-1)! - times[0]) / 1000);

  // Baseline: the simulator's ceiling at the same latency and connection count, without gireve-push.
  const ceiling = await autocannon({
    url: `${sim.url}/ocpi/emsp/2.1.1/locations/FR/ABC/LOCB/EB`,
    method: 'PATCH',
    connections: CONCURRENCY,
    duration: Math.max(3, Math.round(10 * SCALE)),
    headers: { authorization: `Token ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ status: 'AVAILABLE', last_updated: '2026-11-24T00:00:00Z' }),
  });
  await sim.faults(null);
  return {
    figure: `EVSE status PATCH/s, one replica, IOP latency 50 ms (${patches.length} EVSEs, ${CONCURRENCY} in flight)`,
    value: Math.round(rate),
    unit: 'PATCH/s',
    goal: '≥ 2000',
    baseline: `${Math.round(ceiling.requests.average)} PATCH/s: autocannon straight to the simulator, ${CONCURRENCY} connections`,
  };
}

/** 1,000 events/s; accept → PATCH received, and Kafka alone for the same events. */
async function latency(sim: Simulator, producer: Producer): Promise<{ rows: ResultRow[]; histogram: LatencyHistogram }> {
  const seconds = scaled(60, 5);
  const evses = 2_000;
  await sim.faults(null);
  const since = await sim.lastSeq();

  // Baseline consumer: its own group, so it sees the same events as gireve-push.
  const kafkaAlone: number[] = [];
  const consumer = new Kafka({ clientId: 'bench-baseline', brokers: [BROKERS], logLevel: logLevel.NOTHING }).consumer({ groupId: `bench-baseline-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPICS.evseStatus, fromBeginning: false });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const e = JSON.parse(message.value!.toString()) as EvseStatusEventV1;
      if (e.evse_uid.startsWith('P')) kafkaAlone.push(Date.now() - Date.parse(e.received_at));
    },
  });
  await sleep(3000); // joined and assigned before the first event

  const sent = new Map<string, number>(); // evse|status|second → received_at
  const start = Date.now();
  for (let tick = 0; tick < seconds * 10; tick++) {
    const now = new Date();
    const batch = Array.from({ length: 100 }, (_, i) => {
      const n = (tick * 100 + i) % evses;
      const round = Math.floor((tick * 100 + i) / evses);
      const e = event('P', n, STATUSES[round % STATUSES.length], now, now);
      sent.set(`${e.evse_uid}|${e.status}|${e.event_time.slice(0, 19)}Z`, now.getTime());
      return e;
    });
    await publish(producer, batch);
    const next = start + (tick + 1) * 100;
    if (next > Date.now()) await sleep(next - Date.now());
  }
  await sleep(3000);
  await consumer.disconnect();

  const observed = (await sim.requests(since))
    .filter((r) => r.method === 'PATCH')
    .map((r) => {
      const acceptedAt = sent.get(`${r.evse_uid}|${r.body.status}|${r.body.last_updated}`);
      return acceptedAt === undefined ? undefined : Date.parse(r.received_at) - acceptedAt;
    })
    .filter((ms): ms is number => ms !== undefined)
    .sort((a, b) => a - b);
  kafkaAlone.sort((a, b) => a - b);
  const histogram = latencyHistogram('push-latency', 'gireve-push: accept → PATCH received at 1,000 events/s', observed);
  const rows: ResultRow[] = [
    {
      figure: `accept → PATCH received, p50, at 1,000 events/s (${observed.length} PATCHes over ${seconds} s)`,
      value: percentile(observed, 50),
      unit: 'ms',
      goal: null,
      baseline: `Kafka alone (received_at → consumed): p50 ${percentile(kafkaAlone, 50)} ms`,
    },
    {
      figure: 'accept → PATCH received, p99, at 1,000 events/s',
      value: percentile(observed, 99),
      unit: 'ms',
      goal: '≤ 100',
      baseline: `Kafka alone: p99 ${percentile(kafkaAlone, 99)} ms`,
    },
  ];
  return { rows, histogram };
}

/**
 * An IOP outage during which every EVSE changes 10 times (each change a new
 * status), then the replay at 50 ms IOP latency: every transition in
 * transitions mode, the newest status of each EVSE in latest mode.
 */
async function outage(sim: Simulator, producer: Producer, db: Client, mode: 'transitions' | 'latest'): Promise<ResultRow[]> {
  const prefix = mode === 'transitions' ? 'O' : 'Q';
  const evses = scaled(20_000, 500);
  const rounds = 10;
  const outageMs = scaled(600_000, 10_000);
  await sim.faults({ outage: true });
  const base = Date.parse('2026-11-25T00:00:00Z');
  const started = Date.now();
  for (let round = 0; round < rounds; round++) {
    const time = new Date(base + round * 1000);
    await publish(producer, Array.from({ length: evses }, (_, i) => event(prefix, i, STATUSES[(i + round) % STATUSES.length], time)));
    const next = started + ((round + 1) * outageMs) / rounds;
    if (next > Date.now()) await sleep(next - Date.now());
  }
  await until('the outage backlog stored', 300_000, async () => {
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM evse_status_queue WHERE evse_key LIKE $1`, [`FR/ABC/${prefix}L%`]);
    return rows[0].n === evses * rounds;
  });
  const since = await sim.lastSeq();
  await sim.faults({ latency_ms: 50 });
  const recoveredAt = Date.now();
  await until('the backlog drained', 900_000, async () => (await inSync(db, prefix)) === evses);
  const drained = (Date.now() - recoveredAt) / 1000;
  await sim.faults(null);
  const patches = (await sim.requests(since)).filter((r) => r.method === 'PATCH' && r.http_status === 200);
  const times = patches.map((r) => Date.parse(r.received_at)).sort((a, b) => a - b);
  const rate = (patches.length - 1) / ((times.at(-1)! - times[0]!) / 1000);
  const what = `a ${Math.round(outageMs / 1000)} s outage during which ${evses} EVSEs changed ${rounds} times each, IOP latency 50 ms after it`;
  if (mode === 'transitions') {
    return [
      { figure: `transitions mode: PATCHes after ${what}`, value: patches.length, unit: 'PATCH', goal: `= ${evses * rounds} (every transition)`, baseline: `${evses * rounds} events` },
      { figure: 'transitions mode: time to drain the backlog once the IOP is back', value: Math.round(drained * 10) / 10, unit: 's', goal: '≤ 100 (at full scale)', baseline: null },
      { figure: 'transitions mode: PATCH/s of one replica during the drain', value: Math.round(rate), unit: 'PATCH/s', goal: '≥ 2000', baseline: null },
    ];
  }
  return [
    { figure: `latest mode: PATCHes after ${what}`, value: patches.length, unit: 'PATCH', goal: `≤ ${evses}`, baseline: `${evses * rounds} events (forwarding each event)` },
    { figure: 'latest mode: time to converge once the IOP is back (every EVSE holds its newest status)', value: Math.round(drained * 10) / 10, unit: 's', goal: '≤ 30', baseline: null },
  ];
}

// ---------- main ----------

/** The topic's end offsets; retried while the brand-new topic's partition leaders settle (NOT_LEADER is retriable). */
async function topicEnds(admin: Admin, topic: string): Promise<{ partition: number; high: string }[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (error) {
      if (!(error as { retriable?: boolean }).retriable || Date.now() > deadline) throw error;
      await sleep(200);
    }
  }
}

async function main(): Promise<void> {
  kafkaBroker('start', KAFKA_PORT);
  await ensureDatabase(DATABASE_URL);
  await createTopics(BROKERS, { partitions: PARTITIONS });
  const admin = new Kafka({ clientId: 'bench-admin', brokers: [BROKERS], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const simApp = await startApp('iop-simulator', 'bench-push-iop-simulator', (url) => ({ IOP_TOKEN: TOKEN, IOP_PUBLIC_URL: url }));
  const sim = new Simulator(simApp.url);
  /** A replica with a database and a consumer group of its own, the group starting at the topics' end. */
  const startWorker = async (name: string, databaseUrl: string, env: Record<string, string> = {}) => {
    const group = `bench-push-${randomUUID().slice(0, 8)}`;
    // resetOffsets would commit -1, read as "from the beginning".
    for (const topic of [TOPICS.evseStatus, TOPICS.locations]) {
      const partitions = (await topicEnds(admin, topic)).map(({ partition, high }) => ({ partition, offset: high }));
      await admin.setOffsets({ groupId: group, topic, partitions });
    }
    await ensureDatabase(databaseUrl);
    return startApp('gireve-push', name, () => ({
      KAFKA_BROKERS: BROKERS,
      KAFKA_TOPIC_PARTITIONS: String(PARTITIONS),
      KAFKA_CONSUMER_GROUP: group,
      DATABASE_URL: databaseUrl,
      IOP_VERSIONS_URL: `${simApp.url}/ocpi/emsp/versions`,
      IOP_TOKEN: TOKEN,
      PUSH_CONCURRENCY: String(CONCURRENCY),
      IOP_RATE_LIMIT_PER_SECOND: '0',
      ...env,
    }));
  };
  const worker = await startWorker('bench-push-gireve-push', DATABASE_URL);
  const producer = new Kafka({ clientId: 'bench-producer', brokers: [BROKERS], logLevel: logLevel.NOTHING }).producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();

  const rows: ResultRow[] = [];
  const histograms: LatencyHistogram[] = [];
  try {
    if (FIGURES.has('throughput')) {
      rows.push(await throughput(sim, producer, db));
      console.log(rows.at(-1));
    }
    if (FIGURES.has('latency')) {
      const measured = await latency(sim, producer);
      rows.push(...measured.rows);
      histograms.push(measured.histogram);
      console.log(rows.slice(-2));
    }
    if (FIGURES.has('outage')) {
      rows.push(...(await outage(sim, producer, db, 'transitions')));
      console.log(rows.slice(-3));
    }
    if (FIGURES.has('outage-latest')) {
      // Only the latest-mode replica consumes from here on: the first one would PATCH the same events again.
      await stopServer(worker);
      const latestWorker = await startWorker('bench-push-gireve-push-latest', LATEST_DATABASE_URL, { STATUS_DELIVERY: 'latest' });
      const latestDb = new Client({ connectionString: LATEST_DATABASE_URL });
      await latestDb.connect();
      try {
        rows.push(...(await outage(sim, producer, latestDb, 'latest')));
        console.log(rows.slice(-2));
      } finally {
        await latestDb.end();
        await stopServer(latestWorker);
      }
    }
  } finally {
    await admin.disconnect();
    await producer.disconnect();
    await db.end();
    await stopServer(worker);
    await stopServer(simApp);
    await dropDatabase(DATABASE_URL);
    await dropDatabase(LATEST_DATABASE_URL);
    kafkaBroker('stop', KAFKA_PORT);
  }
  const result = {
    name: 'push',
    title: 'gireve-push: EVSE status push to the IOP (one replica)',
    rows,
    histograms,
    notes:
      `BENCH_SCALE=${SCALE}; ${PARTITIONS} partitions; PUSH_CONCURRENCY=${CONCURRENCY}; no rate limit; Kafka, PostgreSQL, the simulator, ` +
      'the worker and the load generator share this machine. Latency: simulator record received_at minus the event received_at (same clock).',
  };
  if (ALL_FIGURES.every((figure) => FIGURES.has(figure))) await writeResult(result);
  else console.log('partial run (PUSH_BENCH_FIGURES): bench/results/push.json left as it was');
  console.log(JSON.stringify(result, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
