/**
 * Ingest durability figures (the ingest issue's "Measure"):
 * 1. Recovery on one broker: under a steady load of senders that each wait for
 *    their answer, the broker is restarted (SIGTERM), killed (kill -9) and
 *    stalled past the request timeout (SIGSTOP, SIGCONT); for each, the time
 *    from the broker being back to the first accepted answer and to the last
 *    refusal. Every accepted event is checked on the topic (the sender's truth).
 * 2. A 3-broker cluster (topics with 3 replicas, min ISR 2): the same batch
 *    load's events/s against Kafka's ProducerPerformance on that cluster, in
 *    the same run, and the same ratio on the single broker beside it.
 */
import 'reflect-metadata';
import { hashToken } from '@app/platform';
import {
  acceptedCount,
  checkSenderTruth,
  freePortRun,
  KafkaCluster,
  killAndWait,
  locationChanged,
  pollUntil,
  postRecordedBatch,
  publishLocations,
  recoveryAfter,
  type Recovery,
  retryRetriable,
  type SenderTruth,
  type SentRequest,
} from '@app/testing';
import { Kafka, logLevel } from 'kafkajs';
import { readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { kafkaBroker, kafkaHomeDir, REPO_ROOT, type ResultRow, SCALE, scaled, startApp, startProducerPerformance, writeResult } from './bench-kit';
import { readStatusTopic } from '../tools/chaos/collectors';

const KAFKA_PORT = Number(process.env.BENCH_DURABILITY_KAFKA_PORT ?? 29333);
const PARTITIONS = 12;
const EVSES = 200;
const SENDERS = 16;
const BATCH = 100;
const LOAD_SECONDS = scaled(15, 5);
const RECOVERY_SECONDS = 15;
const STALL_MS = 8000;
const PERF_RECORDS = scaled(300_000, 100_000);
/**
 * The load under the faults, capped: the sender's truth holds every event sent and reads every one back, so
 * uncapped on a fast machine (90,000 events/s) it outgrew the bench's heap and its 60 s to read the topic.
 */
const FAULT_LOAD_PER_SECOND = 30_000;
const PERF_TOPIC = 'bench.durability-perf';
const API_KEY = `bench-key-${Math.random().toString(36).slice(2)}`;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const progress = (line: string): void => console.log(`[ingest-durability] ${line}`);
const seconds = (ms: number | undefined): string => (ms === undefined ? 'none' : (ms / 1000).toFixed(1));

/** Senders that each post a batch and wait for its answer before the next, until stopped; every answer is kept. */
class Load {
  readonly requests: SentRequest[] = [];
  private running = true;
  private readonly loops: Promise<void>[];
  private clock = Date.now() - 3_600_000;

  /** `maxPerSecond`: events a second in all, at most (each sender paces its batches). */
  constructor(url: string, locationId: string, maxPerSecond = Number.POSITIVE_INFINITY) {
    const batchEveryMs = (BATCH * SENDERS * 1000) / maxPerSecond;
    this.loops = Array.from({ length: SENDERS }, async (_, s) => {
      for (let next = Date.now(); this.running; next += batchEveryMs) {
        if (next > Date.now()) await sleep(next - Date.now());
        const events = Array.from({ length: BATCH }, (_, i) => ({
          location_id: locationId,
          evse_uid: `${locationId}-${((s * BATCH + i) % EVSES) + 1}`,
          status: i % 2 === 0 ? 'CHARGING' : 'AVAILABLE',
          timestamp: new Date((this.clock += 1)).toISOString(),
        }));
        this.requests.push(await postRecordedBatch(url, API_KEY, events, 15_000));
      }
    });
  }

  accepted(since = 0): number {
    return this.requests.filter((r) => r.answeredAt >= since).reduce((sum, r) => sum + acceptedCount(r), 0);
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }
}

async function withIngestor<T>(brokers: string, replication: number, minInsync: number, use: (url: string, locationId: string) => Promise<T>): Promise<T> {
  const locationId = `BENCH-D${replication}`;
  await publishLocations(brokers, [locationChanged(locationId, EVSES)], { partitions: PARTITIONS });
  const app = await startApp('charger-events', `bench-durability-charger-events-${replication}`, () => ({
    KAFKA_BROKERS: brokers,
    KAFKA_TOPIC_PARTITIONS: String(PARTITIONS),
    KAFKA_TOPIC_REPLICATION_FACTOR: String(replication),
    KAFKA_TOPIC_MIN_INSYNC_REPLICAS: String(minInsync),
    KAFKA_ACK_TIMEOUT_MS: '5000',
    INGEST_API_KEYS: `bench:${hashToken(API_KEY)}`,
    LOG_LEVEL: 'warn',
  }));
  try {
    await pollUntil(
      async () => (await fetch(`${app.url}/health/ready`)).status,
      (status) => status === 200,
      { what: 'charger-events ready', timeoutMs: 60_000 },
    );
    return await use(app.url, locationId);
  } finally {
    await app.stop();
  }
}

/** Events/s the load gets over LOAD_SECONDS, after a short warm-up. */
async function throughput(url: string, locationId: string): Promise<number> {
  const load = new Load(url, locationId);
  await sleep(2000);
  const from = Date.now();
  await sleep(LOAD_SECONDS * 1000);
  const events = load.accepted(from);
  const elapsed = (Date.now() - from) / 1000;
  await load.stop();
  return events / elapsed;
}

/** Every event answered accepted is on the topic as answered: the figures below count only if so. */
async function senderTruth(brokers: string, requests: SentRequest[]) {
  const truth = checkSenderTruth(requests, await readStatusTopic(brokers));
  if (truth.violations.length > 0) throw new Error(`sender's truth violated: ${JSON.stringify(truth.violations.slice(0, 5))}`);
  return truth;
}

async function singleBroker(): Promise<{ rows: ResultRow[]; perSecond: number; perf: number }> {
  const brokers = `127.0.0.1:${KAFKA_PORT}`;
  const brokerPid = () => Number(readFileSync(resolve(kafkaHomeDir(KAFKA_PORT), 'kafka.pid'), 'utf8'));
  await createPerfTopic(brokers, 1);
  return withIngestor(brokers, 1, 1, async (url, locationId) => {
    const perSecond = await throughput(url, locationId);
    const perf = (await startProducerPerformance({ brokers, topic: PERF_TOPIC, records: PERF_RECORDS, recordSize: 330 }).summary).recordsPerSecond;
    progress(`single broker: ${fmt(perSecond)} events/s, ProducerPerformance ${fmt(perf)} rec/s`);

    const load = new Load(url, locationId, FAULT_LOAD_PER_SECOND);
    const faults: [string, () => Promise<void>][] = [
      ['restart (SIGTERM)', async () => (kafkaBroker('stop', KAFKA_PORT), kafkaBroker('start', KAFKA_PORT))],
      ['kill -9, then start', async () => (await killAndWait(brokerPid()), kafkaBroker('start', KAFKA_PORT))],
      [
        `stall ${STALL_MS / 1000} s (SIGSTOP, SIGCONT)`,
        async () => {
          const pid = brokerPid();
          process.kill(pid, 'SIGSTOP');
          await sleep(STALL_MS);
          process.kill(pid, 'SIGCONT');
        },
      ],
    ];
    const rows: ResultRow[] = [];
    try {
      for (const [name, fault] of faults) {
        await sleep(3000);
        await fault();
        const back = Date.now();
        await sleep(RECOVERY_SECONDS * 1000);
        const recovery = recoveryAfter(load.requests, back);
        progress(`${name}: first 202 ${seconds(recovery.firstAcceptedMs)} s after the broker is back, last 503 ${seconds(recovery.lastRefusalMs)} s`);
        rows.push({
          figure: `broker ${name}: seconds from broker back to the first accepted answer (last refusal after; refused requests)`,
          value: Number(seconds(recovery.firstAcceptedMs ?? Number.NaN)),
          unit: 's',
          goal: '≤ 5',
          baseline: `last refusal ${seconds(recovery.lastRefusalMs)} s; ${recovery.refusedRequests} refused requests`,
        });
      }
    } finally {
      await load.stop();
    }
    const truth = await senderTruth(brokers, load.requests);
    rows.push({
      figure: "sender's truth over the faults: events answered accepted found on Kafka as answered",
      value: truth.acceptedOnKafka,
      unit: 'events',
      goal: `= ${fmt(truth.accepted)} (every accepted event)`,
      baseline: `${fmt(truth.refused)} refused, of which ${fmt(truth.refusedButWritten)} landed anyway`,
    });
    return { rows, perSecond, perf };
  });
}

async function cluster(): Promise<{ perSecond: number; perf: number; restart: Recovery; truth: SenderTruth }> {
  const kafka = new KafkaCluster(await freePortRun(2 * KafkaCluster.NODES));
  // A clean cluster: its files are where libs/testing's KafkaCluster keeps them.
  rmSync(resolve(REPO_ROOT, `.cache/kafka/test-${kafka.port}`), { recursive: true, force: true });
  await kafka.start();
  try {
    await createPerfTopic(kafka.brokers, 3);
    return await withIngestor(kafka.brokers, 3, 2, async (url, locationId) => {
      const perSecond = await throughput(url, locationId);
      const perf = (await startProducerPerformance({ brokers: kafka.brokers, topic: PERF_TOPIC, records: PERF_RECORDS, recordSize: 330 }).summary).recordsPerSecond;
      progress(`3-broker cluster: ${fmt(perSecond)} events/s, ProducerPerformance ${fmt(perf)} rec/s`);
      const load = new Load(url, locationId, FAULT_LOAD_PER_SECOND);
      let restart: Recovery;
      try {
        await sleep(3000);
        await kafka.stop();
        await kafka.start();
        const back = Date.now();
        await sleep(RECOVERY_SECONDS * 1000);
        restart = recoveryAfter(load.requests, back);
      } finally {
        await load.stop();
      }
      progress(`whole-cluster restart: first 202 ${seconds(restart.firstAcceptedMs)} s after all nodes are back, last 503 ${seconds(restart.lastRefusalMs)} s`);
      return { perSecond, perf, restart, truth: await senderTruth(kafka.brokers, load.requests) };
    });
  } finally {
    await kafka.stop();
  }
}

/** ProducerPerformance's topic, as durable as the app's (on the cluster: 3 replicas, min ISR 2 from its defaults). */
async function createPerfTopic(brokers: string, replicationFactor: number): Promise<void> {
  const admin = new Kafka({ clientId: 'bench-durability', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    // Retried: kafkajs's waitForLeaders gave up on UNKNOWN_TOPIC_OR_PARTITION from a busy fresh broker.
    await retryRetriable(() => admin.createTopics({ waitForLeaders: true, topics: [{ topic: PERF_TOPIC, numPartitions: PARTITIONS, replicationFactor }] }));
  } finally {
    await admin.disconnect();
  }
}

async function main(): Promise<void> {
  kafkaBroker('stop', KAFKA_PORT);
  rmSync(resolve(kafkaHomeDir(KAFKA_PORT), 'data'), { recursive: true, force: true });
  kafkaBroker('start', KAFKA_PORT);
  let single: Awaited<ReturnType<typeof singleBroker>>;
  try {
    single = await singleBroker();
  } finally {
    kafkaBroker('stop', KAFKA_PORT);
  }
  const three = await cluster();
  const rows: ResultRow[] = [
    {
      figure: '3-broker cluster (RF 3, min ISR 2): batch events accepted/s as a share of ProducerPerformance on that cluster',
      value: Math.round((1000 * three.perSecond) / three.perf) / 10,
      unit: '%',
      goal: null,
      baseline: `${fmt(three.perSecond)} events/s against ${fmt(three.perf)} records/s`,
    },
    {
      figure: 'one broker: the same load as a share of ProducerPerformance on that broker',
      value: Math.round((1000 * single.perSecond) / single.perf) / 10,
      unit: '%',
      goal: null,
      baseline: `${fmt(single.perSecond)} events/s against ${fmt(single.perf)} records/s`,
    },
    {
      figure: '3-broker cluster restarted whole: seconds from every node back to the first accepted answer',
      value: Number(seconds(three.restart.firstAcceptedMs ?? Number.NaN)),
      unit: 's',
      goal: '≤ 5',
      baseline:
        `last refusal ${seconds(three.restart.lastRefusalMs)} s; ${three.restart.refusedRequests} refused requests; ` +
        `sender's truth: ${fmt(three.truth.acceptedOnKafka)} of ${fmt(three.truth.accepted)} accepted events on Kafka as answered`,
    },
    ...single.rows,
  ];
  const result = {
    name: 'ingest-durability',
    title: 'charger-events: durability (recovery after broker faults, a 3-broker cluster)',
    rows,
    notes:
      `BENCH_SCALE=${SCALE}: ${SENDERS} senders each posting a batch of ${BATCH} native events and waiting for its answer, over ${EVSES} EVSEs of one Location, ` +
      `${LOAD_SECONDS} s per throughput load after 2 s of warm-up; ${PARTITIONS} partitions; KAFKA_ACK_TIMEOUT_MS=5000. ` +
      `Under the faults the load is capped at ${fmt(FAULT_LOAD_PER_SECOND)} events/s. Each broker fault comes 3 s into the load; its figures are read over the ${RECOVERY_SECONDS} s after the broker is back (kafka.sh start returned, or SIGCONT sent). ` +
      `ProducerPerformance: ${fmt(PERF_RECORDS)} records of 330 B, acks=all, idempotent, on its own topic. ` +
      'The cluster is three KRaft nodes (deploy/local/kafka.sh KAFKA_CLUSTER=3) on this one machine, beside the app and the load: its figures show the cost of replication, not of a network.',
  };
  await writeResult(result);
  console.log(JSON.stringify(result, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
