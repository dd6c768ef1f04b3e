import 'reflect-metadata';
import { hashToken } from '@app/platform';
import {
  acceptedCount,
  AppProcess,
  checkSenderTruth,
  freePort,
  locationChanged,
  measuredOn,
  pollUntil,
  postRecordedBatch,
  recoveryAfter,
  REPO_ROOT,
  type SentRequest,
  type StatusSource,
  TcpProxy,
} from '@app/testing';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { IopRecordFeed, readStatusTopic, type StatusRecord } from './collectors';
import { checkInvariants, type IopRecord, isSuccess, type Violation } from './invariant-checker';
import { LocationEditor } from './location-editor';
import { checkLocations } from './locations-checker';
import { checkTransitions } from './transitions-checker';
import { fakedClockEnv } from './faked-clock';
import { ocppExpectations } from './ocpp-expectations';
import { OcppLoad } from './ocpp-load';
import { type ChaosKafka, ChaosCluster, ProxiedBroker } from './chaos-kafka';
import { PrivatePostgres } from './private-postgres';

/**
 * `npm run chaos -- --profile short|long`: load through charger-events while
 * gireve-push workers are killed (kill -9) and restarted, the Kafka broker is
 * restarted, killed (kill -9) and stalled (SIGSTOP), its answers are lost on the
 * wire (a TcpProxy the broker advertises, so every client crosses it),
 * PostgreSQL is restarted and the simulated IOP fails in every way it can;
 * then, faults off, checks every answer the load generator got against Kafka
 * (the sender's truth), waits for the IOP to converge and checks the invariants.
 * Loopback only; everything it starts is its own and is stopped at the end.
 */

interface Profile {
  locations: number;
  evsesPerLocation: number;
  loadSeconds: number;
  /** Status events sent per second in all, a third each native, OCPP 1.6 and OCPP 2.0.1. */
  eventsPerSecond: number;
  /** Location edits through locations-api per second during the load. */
  editsPerSecond: number;
  /** Seconds after the load starts → action. */
  schedule: [number, string][];
  convergeTimeoutMs: number;
}

const SHORT_SCHEDULE: [number, string][] = [
  [5, 'faults: errors'],
  [7, 'IOP wire: latency'],
  [10, 'kill -9 worker A'],
  [13, 'restart worker A'],
  [15, 'PostgreSQL wire: latency'],
  [18, 'faults: 429'],
  [20, 'lose Kafka answers'],
  [22, 'restart Kafka'],
  [25, 'IOP wire: reset'],
  [28, 'stall Kafka'],
  [30, 'kill -9 worker C'],
  [32, 'faults: outage'],
  [33, 'restart worker C'],
  [35, 'PostgreSQL wire: reset'],
  [37, 'kill -9 Kafka'],
  [40, 'faults: none'],
  [42, 'restart PostgreSQL'],
  [45, 'IOP wire: half-open'],
  [48, 'kill -9 worker B'],
  [50, 'restart worker B'],
  [52, 'faults: latency'],
  [54, 'PostgreSQL wire: half-open'],
  [56, 'faults: none'],
];

/** Worker letters of the schedule, turned by one per cycle of the long profile so the kills rotate over the three. */
const rotate = (cycle: number) => (action: string) => action.replace(/worker ([ABC])$/, (_, w: string) => `worker ${'ABC'[('ABC'.indexOf(w) + cycle) % 3]}`);

/** What a scheduled action acts on: actions on one thing run in order, each after the one before has ended. */
function laneOf(action: string): string {
  if (action.includes('Kafka')) return 'Kafka';
  if (action.includes('PostgreSQL')) return 'PostgreSQL';
  if (action.includes('worker')) return action.slice(action.indexOf('worker'));
  return action.startsWith('IOP') ? 'IOP wire' : 'faults';
}

const PROFILES: Record<string, Profile> = {
  short: { locations: 20, evsesPerLocation: 5, loadSeconds: 60, eventsPerSecond: 150, editsPerSecond: 2, schedule: SHORT_SCHEDULE, convergeTimeoutMs: 120_000 },
  long: {
    locations: 200,
    evsesPerLocation: 10,
    // What this 2-core machine delivers through the faults, restarted workers, outages and 429s included: at a
    // higher rate the backlog grew for the whole run and the run measured capacity (the push bench does), not correctness.
    eventsPerSecond: 150,
    editsPerSecond: 3,
    loadSeconds: 1800,
    // The short schedule once a minute, thirty times, the killed worker turning each time.
    schedule: Array.from({ length: 30 }, (_, cycle) => SHORT_SCHEDULE.map(([at, action]): [number, string] => [at + cycle * 60, rotate(cycle)(action)])).flat(),
    // Allows for a backlog left by the storm (the run of 2026-12-06 converged in 21 s).
    convergeTimeoutMs: 900_000,
  },
};

/** The apps give up on a database answer after this long (a half-open wire): short, so a run converges soon after. */
const DATABASE_QUERY_TIMEOUT_MS = '5000';

const STATUSES = ['AVAILABLE', 'CHARGING', 'BLOCKED', 'RESERVED', 'OUTOFORDER', 'INOPERATIVE'];
const FAULTS: Record<string, object> = {
  // applied_reset: the IOP applies the request, then the connection is reset: an indeterminate write.
  'faults: errors': { latency_ms: 10, error_rate: 0.25, error_kinds: ['http_500', 'http_503', 'timeout', 'reset', 'applied_reset', 'ocpi_3000'] },
  'faults: 429': { rate_limit: { every_nth: 7, retry_after_s: 1 } },
  'faults: outage': { outage: true },
  'faults: latency': { latency_ms: 40 },
  'faults: none': {},
};

const PARTITIONS = 6;
/** How long a stalled broker stays stopped, and how long the wire loses the broker's answers. */
const STALL_MS = 8000;
const LOST_ANSWERS_MS = 2000;
/** How long a wire fault between the apps and PostgreSQL or the IOP lasts (latency, half-open). */
const WIRE_FAULT_MS = 3000;
const WIRE_LATENCY_MS = 300;
/** Two charger-events replicas, the second on a wall clock this far off (libfaketime). */
const INGESTORS = 2;
const FAKED_CLOCK_OFFSET = '+5s';
const WORKERS = 3;
/** Shares of the Locations fed by OCPP 1.6 charge points and OCPP 2.0.1 stations; the rest get native events and the edits. */
const OCPP16_SHARE = 0.2;
const OCPP201_SHARE = 0.2;

const log = (message: string) => console.log(`[chaos ${new Date().toISOString().slice(11, 19)}] ${message}`);

class ChaosRun {
  /** Below the ephemeral range (32768–60999), where an outgoing connection could hold it (PostgreSQL once failed to bind). */
  private readonly kafkaPort = Number(process.env.CHAOS_KAFKA_PORT ?? 29252);
  /** One broker behind a proxy, or (--cluster) three nodes from KAFKA_PORT + 10 on, clear of PostgreSQL's port. */
  private readonly kafka: ChaosKafka;

  private get brokers(): string {
    return this.kafka.brokers;
  }
  private readonly ingestKey = `chaos-${randomUUID()}`;
  private readonly group = `chaos-${randomUUID().slice(0, 8)}`;
  private readonly iopToken = `chaos-iop-${randomUUID()}`;
  private readonly adminKey = `chaos-admin-${randomUUID()}`;
  private editor!: LocationEditor;
  private ocppLocations!: LocationEditor;
  private readonly apps: AppProcess[] = [];
  /** Where each app start writes its output (one file per start). */
  private readonly logDir = join(tmpdir(), `chaos-logs-${process.pid}`);
  private started = 0;
  private postgres!: PrivatePostgres;
  private simulator!: AppProcess;
  private ingestors: AppProcess[] = [];
  private ocpp!: OcppLoad;
  /** Between gireve-push and the simulated IOP, and between the apps and PostgreSQL. */
  private iopWire!: TcpProxy;
  private postgresWire!: TcpProxy;
  private workers: (AppProcess | undefined)[] = [];
  private readonly evses: { location_id: string; evse_uid: string }[] = [];
  private readonly startedAt = Date.now();
  /** Which charger-events replica each load request went to. */
  private readonly replicaOf = new Map<string, number>();
  /** Load requests not answered yet. */
  private readonly sending = new Set<Promise<void>>();
  private readonly stats = { sent: 0, accepted: 0, unavailable: 0, other: 0, ocpp16: 0, ocpp201: 0 };
  /** Every request of the load and its answer: the truth the run is checked against. */
  private readonly requests: SentRequest[] = [];
  /** When the broker was back after each restart, kill or stall, for the time to the next accepted event. */
  private readonly brokerBackAt: { action: string; at: number }[] = [];
  /** When each scheduled action began. */
  private readonly faultStarts: { action: string; at: number }[] = [];

  constructor(
    private readonly profileName: string,
    private readonly profile: Profile,
    cluster: boolean,
  ) {
    this.kafka = cluster ? new ChaosCluster(this.kafkaPort + 10) : new ProxiedBroker(this.kafkaPort);
  }

  async run(): Promise<number> {
    try {
      await this.startAll();
      await this.load();
      return await this.verify();
    } finally {
      await this.stopAll();
    }
  }

  private async startAll(): Promise<void> {
    await mkdir(this.logDir, { recursive: true });
    log(`the apps write their logs into ${this.logDir}`);
    // Beside the broker's two ports, never a random one the broker could collide with.
    this.postgres = new PrivatePostgres(join('/tmp', `chaos-pg-${process.pid}`), this.kafkaPort + 2);
    this.postgres.start();
    this.postgresWire = await TcpProxy.start({ port: this.postgres.port }, await freePort());
    log(`PostgreSQL (own cluster) on ${this.postgres.port}, the apps reach it through a proxy on ${this.postgresWire.port}`);
    await this.kafka.start();
    const { locations, evsesPerLocation } = this.profile;
    const changes = Array.from({ length: locations }, (_, i) => locationChanged(`CHAOS-${i + 1}`, evsesPerLocation));
    const [ocpp16Count, ocpp201Count] = [Math.round(locations * OCPP16_SHARE), Math.round(locations * OCPP201_SHARE)];
    const native = changes.slice(0, locations - ocpp16Count - ocpp201Count);
    const [ocpp16, ocpp201] = [changes.slice(native.length, native.length + ocpp16Count), changes.slice(native.length + ocpp16Count)];
    for (const change of native) for (const evse of change.location.evses as { uid: string }[]) this.evses.push({ location_id: change.location_id, evse_uid: evse.uid });
    // The back office: Locations created and edited through locations-api, which publishes them.
    const locationsApi = await this.start('locations-api', {
      ...this.kafkaEnv(),
      DATABASE_URL: this.databaseUrl(),
      DATABASE_QUERY_TIMEOUT_MS: DATABASE_QUERY_TIMEOUT_MS,
      KAFKA_CONSUMER_GROUP: `${this.group}-locations-api`,
      ADMIN_API_KEY: this.adminKey,
    });
    this.editor = new LocationEditor(locationsApi.url, this.adminKey, native);
    await this.editor.importAll();
    // OCPP Locations are not edited: their EVSEs stay bound to their chargers for the whole run.
    this.ocppLocations = new LocationEditor(locationsApi.url, this.adminKey, [...ocpp16, ...ocpp201]);
    await this.ocppLocations.importAll();
    for (const change of ocpp16) await this.ocppLocations.bind(change.location_id, OcppLoad.bindings(change, 'ocpp16'));
    for (const change of ocpp201) await this.ocppLocations.bind(change.location_id, OcppLoad.bindings(change, 'ocpp201'));
    this.ocpp = new OcppLoad(ocpp16, ocpp201, INGESTORS);
    const simulatorPort = await freePort();
    this.iopWire = await TcpProxy.start({ port: simulatorPort }, await freePort());
    // As strict as GIREVE: request ids on discovery, no PATCH for a Location it does not hold. Its public URL is the proxy's.
    this.simulator = await this.start(
      'iop-simulator',
      { IOP_TOKEN: this.iopToken, IOP_PUBLIC_URL: `http://127.0.0.1:${this.iopWire.port}`, IOP_DISCOVERY_REQUEST_IDS: 'refuse', IOP_PATCH_UNKNOWN: 'refuse' },
      simulatorPort,
    );
    const ingestorEnv = { ...this.kafkaEnv(), INGEST_API_KEYS: `chaos:${hashToken(this.ingestKey)}`, KAFKA_ACK_TIMEOUT_MS: '3000' };
    const fakedClock = fakedClockEnv(FAKED_CLOCK_OFFSET, log);
    // Started together (on a loaded machine each takes seconds to come up), after a first worker has run the migrations.
    const first = await this.startWorker();
    const [ingestors, others] = await Promise.all([
      Promise.all([this.start('charger-events', ingestorEnv), this.start('charger-events', { ...ingestorEnv, ...fakedClock })]),
      Promise.all(Array.from({ length: WORKERS - 1 }, () => this.startWorker())),
    ]);
    [this.ingestors, this.workers] = [ingestors, [first, ...others]];
    if (fakedClock) log(`charger-events replica 2 runs ${FAKED_CLOCK_OFFSET} off the machine's clock (libfaketime)`);
    for (const ingestor of this.ingestors) {
      await pollUntil(
        async () => (await fetch(`${ingestor.url}/health/ready`)).status,
        (status) => status === 200,
        { what: 'charger-events ready' },
      );
    }
    log(
      `${this.evses.length} native EVSEs in ${native.length} Locations, ${ocpp16.length} OCPP 1.6 charge points, ${ocpp201.length} OCPP 2.0.1 stations; ` +
        `locations-api, ${INGESTORS} charger-events, ${WORKERS} gireve-push workers and the simulator are up`,
    );
  }

  /** The apps reach PostgreSQL through its proxy. */
  private databaseUrl(): string {
    return this.postgres.url.replace(`:${this.postgres.port}/`, `:${this.postgresWire.port}/`);
  }

  /** Where Kafka is and what its topics must be, for every app. */
  private kafkaEnv(): Record<string, string> {
    return {
      KAFKA_BROKERS: this.brokers,
      KAFKA_TOPIC_PARTITIONS: String(PARTITIONS),
      KAFKA_TOPIC_REPLICATION_FACTOR: String(this.kafka.replication.factor),
      KAFKA_TOPIC_MIN_INSYNC_REPLICAS: String(this.kafka.replication.minInsync),
    };
  }

  private async start(name: string, env: Record<string, string>, port?: number): Promise<AppProcess> {
    // Each start its own log, kept after the run: what a failed run's apps said is how it is diagnosed.
    const logFile = join(this.logDir, `${name}-${(this.started += 1)}.log`);
    const app = await AppProcess.start(name, port ?? (await freePort()), env, { logFile });
    this.apps.push(app);
    return app;
  }

  private startWorker(): Promise<AppProcess> {
    return this.start('gireve-push', {
      ...this.kafkaEnv(),
      KAFKA_CONSUMER_GROUP: this.group,
      DATABASE_URL: this.databaseUrl(),
      DATABASE_QUERY_TIMEOUT_MS: DATABASE_QUERY_TIMEOUT_MS,
      IOP_VERSIONS_URL: `http://127.0.0.1:${this.iopWire.port}/ocpi/emsp/versions`,
      IOP_TOKEN: this.iopToken,
      IOP_OCPI_VERSION: '2.2.1',
      IOP_REQUEST_TIMEOUT_MS: '1000',
      RETRY_INITIAL_DELAY_MS: '100',
      RETRY_MAX_DELAY_MS: '2000',
      CIRCUIT_HALF_OPEN_AFTER_MS: '500',
      DISPATCH_POLL_INTERVAL_MS: '200',
    });
  }

  /** Sends events for the profile's duration while the schedule plays. */
  private async load(): Promise<void> {
    const started = Date.now();
    const schedule = [...this.profile.schedule];
    // One lane per thing a fault acts on: a slow broker restart delays the next Kafka fault, not the others.
    const lanes = new Map<string, Promise<void>>();
    let scheduled = false;
    const chaos = (async () => {
      for (const [at, action] of schedule) {
        const wait = started + at * 1000 - Date.now();
        if (wait > 0) await sleep(wait);
        const lane = laneOf(action);
        lanes.set(
          lane,
          (lanes.get(lane) ?? Promise.resolve()).then(async () => {
            if (lane === 'Kafka') await this.brokerSettled(action);
            log(`${action}`);
            this.faultStarts.push({ action, at: Date.now() });
            await this.act(action).catch((error: unknown) => log(`${action} failed: ${String(error)}`));
          }),
        );
      }
      await Promise.all(lanes.values());
      scheduled = true;
    })();
    const edits = (async () => {
      let edit = 0;
      while (Date.now() - started < this.profile.loadSeconds * 1000) {
        const what = await this.editor.editOnce();
        this.evses.push(...this.editor.takeAdded());
        if (++edit % 20 === 0) log(`edit ${edit}: ${what}`);
        await sleep(Math.max(0, started + (edit * 1000) / this.profile.editsPerSecond - Date.now()));
      }
    })();
    const batchesPerSecond = 10;
    // A third of the rate each to native events, OCPP 1.6 and OCPP 2.0.1, OCPP spread over the replicas: the
    // OCPP chargers, unpaced, sent as fast as they were answered (~2.5 times the profile's rate in all).
    const perTick = (perSecond: number, tick: number) => Math.floor(((tick + 1) * perSecond) / batchesPerSecond) - Math.floor((tick * perSecond) / batchesPerSecond);
    const native = this.profile.eventsPerSecond / 3;
    const ocppLane = this.profile.eventsPerSecond / 3 / INGESTORS;
    let tick = 0;
    // The load goes on until the last fault is over, however late a slow machine plays it.
    while (Date.now() - started < this.profile.loadSeconds * 1000 || !scheduled) {
      // Spread over both replicas: native batches alternate, each OCPP charger sticks to its own.
      const count = perTick(native, tick);
      if (count > 0) this.inFlight(this.sendBatch(count, tick % INGESTORS));
      for (let replica = 0; replica < INGESTORS; replica++) for (const source of ['ocpp16', 'ocpp201'] as const) this.inFlight(this.sendOcpp(source, replica, perTick(ocppLane, tick)));
      tick++;
      if (tick % (batchesPerSecond * 10) === 0)
        log(
          `sent ${this.stats.sent} (OCPP 1.6 ${this.stats.ocpp16}, 2.0.1 ${this.stats.ocpp201}), accepted ${this.stats.accepted}, 503 ${this.stats.unavailable}, other ${this.stats.other}`,
        );
      await sleep(Math.max(0, started + (tick * 1000) / batchesPerSecond - Date.now()));
    }
    // Every answer is in before the topic's end offsets are read: an answer after them would look lost.
    await Promise.all([chaos, edits, ...this.sending]);
    log(
      `load done: ${this.editor.edits} Location edits (${this.editor.refused.length} refused); sent ${this.stats.sent}, accepted ${this.stats.accepted}, 503 ${this.stats.unavailable}, other ${this.stats.other}`,
    );
  }

  private inFlight(send: Promise<void>): void {
    this.sending.add(send);
    void send.finally(() => this.sending.delete(send));
  }

  /** Native events with jittered charger times: late and reordered events on purpose. */
  private async sendBatch(count: number, replica: number): Promise<void> {
    const events = Array.from({ length: count }, () => {
      const evse = this.evses[Math.floor(Math.random() * this.evses.length)]!;
      return { ...evse, status: STATUSES[Math.floor(Math.random() * STATUSES.length)]!, timestamp: new Date(Date.now() - Math.floor(Math.random() * 3000)).toISOString() };
    });
    this.record(await postRecordedBatch(this.ingestors[replica]!.url, this.ingestKey, events), replica);
  }

  /** StatusNotifications of idle chargers of one replica, each charger's in time order, one in flight per charger. */
  private async sendOcpp(source: Exclude<StatusSource, 'native'>, replica: number, count: number): Promise<void> {
    const { events, done } = this.ocpp.take(source, replica, count);
    if (events.length === 0) return;
    this.stats[source] += events.length;
    try {
      this.record(await postRecordedBatch(this.ingestors[replica]!.url, this.ingestKey, events, 10_000, source), replica);
    } finally {
      done();
    }
  }

  private record(request: SentRequest, replica: number): void {
    this.replicaOf.set(request.correlationId, replica);
    const count = request.events.length;
    this.stats.sent += count;
    this.requests.push(request);
    if (request.answer.kind === 'answered') this.stats.accepted += acceptedCount(request);
    else if (request.answer.kind === 'unavailable') this.stats.unavailable += count;
    else this.stats.other += count;
  }

  private async act(action: string): Promise<void> {
    if (action.startsWith('faults: ')) {
      const method = action === 'faults: none' ? 'DELETE' : 'PUT';
      const response = await fetch(`${this.simulator.url}/admin/faults`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: method === 'PUT' ? JSON.stringify(FAULTS[action]) : undefined,
      });
      // A fault switch that silently failed would make the run weaker than its schedule says.
      if (!response.ok) throw new Error(`${action}: the simulator answered HTTP ${response.status}`);
    } else if (action.startsWith('kill -9 worker')) {
      const index = 'ABC'.indexOf(action.at(-1)!);
      await this.workers[index]?.stop('SIGKILL');
      this.workers[index] = undefined;
    } else if (action.startsWith('restart worker')) {
      this.workers['ABC'.indexOf(action.at(-1)!)] = await this.startWorker();
    } else if (action.includes(' wire: ')) {
      await this.wireFault(action.startsWith('IOP') ? this.iopWire : this.postgresWire, action.slice(action.indexOf(': ') + 2));
    } else if (action.includes('Kafka')) {
      await this.kafkaFault(action);
    } else if (action === 'restart PostgreSQL') {
      await this.postgres.restart('immediate');
    }
  }

  /**
   * Waits until the last broker fault has been over long enough for an event
   * to be accepted again: on a slow machine a restart can take half a minute,
   * and back-to-back faults would leave no window to recover in.
   */
  private async brokerSettled(action: string): Promise<void> {
    const back = this.brokerBackAt.at(-1)?.at;
    if (back === undefined) return;
    await pollUntil(() => this.requests.some((r) => r.answeredAt > back && acceptedCount(r) > 0), Boolean, { what: 'an accepted event', timeoutMs: 30_000, intervalMs: 200 }).catch(() =>
      log(`no event accepted within 30 s of the broker's return: "${action}" goes ahead`),
    );
  }

  private async kafkaFault(action: string): Promise<void> {
    if (action === 'restart Kafka') {
      await this.kafka.restart();
      this.brokerBackAt.push({ action, at: Date.now() });
    } else if (action === 'kill -9 Kafka') {
      await this.kafka.kill();
      this.brokerBackAt.push({ action, at: Date.now() });
    } else if (action === 'stall Kafka') {
      // Longer than the producer's request timeout (5 s) and charger-events' ack timeout (3 s).
      await this.kafka.stall(STALL_MS);
      this.brokerBackAt.push({ action, at: Date.now() });
    } else if (action === 'lose Kafka answers') {
      // Requests reach the broker and are applied; their answers are lost, then the connections die.
      if (await this.kafka.loseAnswers(LOST_ANSWERS_MS)) this.brokerBackAt.push({ action, at: Date.now() });
      else log('  no wire to cut on a cluster: skipped');
    }
  }

  /**
   * A short fault on a proxied wire: `latency` (every byte both ways held
   * back), `reset` (every open connection reset), `half-open` (connections
   * accepted, nothing forwarded either way; the ones that lost bytes stay
   * silent for good, as a dead peer's would, until their clients give up).
   */
  private async wireFault(wire: TcpProxy, kind: string): Promise<void> {
    if (kind === 'reset') {
      log(`  ${wire.openConnections} connections reset`);
      wire.resetAll();
      return;
    }
    const mode = kind === 'latency' ? ({ kind: 'delay', delayMs: WIRE_LATENCY_MS } as const) : ({ kind: 'blackhole' } as const);
    wire.set('toUpstream', mode);
    wire.set('toClient', mode);
    await sleep(WIRE_FAULT_MS);
    wire.heal();
  }

  /** Faults off: waits until the IOP holds every EVSE's newest status, then checks every invariant. */
  private async verify(): Promise<number> {
    await fetch(`${this.simulator.url}/admin/faults`, { method: 'DELETE' });
    const since = Date.now();
    const events = await readStatusTopic(this.brokers);
    const truth = checkSenderTruth(this.requests, events, ocppExpectations(this.ocpp.fleet, this.requests));
    log(
      `sender's truth: ${truth.sent} sent, ${truth.accepted} answered accepted, ${truth.acceptedOnKafka} records of them on Kafka as answered, ` +
        `${truth.rejected} rejected, ${truth.refused} answered 503 or unanswered, of which ${truth.refusedButWritten} landed anyway`,
    );
    const rejections = new Map<string, number>();
    for (const { answer } of this.requests) {
      if (answer.kind !== 'answered') continue;
      for (const { status, reason } of answer.results) if (status === 'rejected') rejections.set(reason ?? '?', (rejections.get(reason ?? '?') ?? 0) + 1);
    }
    if (rejections.size > 0) log(`rejected events by reason: ${[...rejections].map(([reason, n]) => `${reason} ${n}`).join(', ')}`);
    for (const [action, recovery] of this.recoveryAfterBrokerBack()) log(`after "${action}": ${recovery}`);
    log(`${events.length} events on Kafka; waiting for the IOP to converge`);
    log(`receipt times against the sender's clock: ${this.receiptSkews(events)}`);
    const removed = this.editor.removedEvses();
    const expectedLocations = [...this.editor.expected(), ...this.ocppLocations.expected()];
    const check = (records: readonly IopRecord[]) => [...checkInvariants(events, records, removed), ...checkLocations(expectedLocations, records)];
    const converging: ReadonlySet<string> = new Set(['lost', 'stale_final_status', 'stale_location', 'removed_never_arrived']);
    const feed = new IopRecordFeed(this.simulator.url);
    const deadline = Date.now() + this.profile.convergeTimeoutMs;
    let violations: Violation[] = [];
    let converged = 'never';
    for (;;) {
      const checkStarted = Date.now();
      violations = check(await feed.read());
      if (violations.every((v) => !converging.has(v.kind))) {
        converged = `in ${((Date.now() - since) / 1000).toFixed(1)} s`;
        log(`converged ${converged}`);
        break;
      }
      if (Date.now() > deadline) {
        log(`did not converge within ${this.profile.convergeTimeoutMs / 1000} s`);
        break;
      }
      // The proxies every app talks through share this thread: while a check runs they forward nothing, so a check
      // (seconds over a long run's evidence) runs a fifth of the time at most. Checked each second, the long profile
      // drained ~50 PATCH/s.
      await sleep(Math.max(1000, 4 * (Date.now() - checkStarted)));
    }
    violations.push(...this.editor.refused.map((detail) => ({ kind: 'edit_refused' as const, evse: '(locations-api)', detail })));
    const records = await feed.read();
    const stats = (await (await fetch(`${this.simulator.url}/admin/stats`)).json()) as { max_in_flight_per_evse: number };
    const patches = records.filter((r) => r.method === 'PATCH');
    log(
      `IOP received ${records.length} requests (${patches.length} PATCHes, ${records.filter((r) => r.http_status >= 300).length} failed or refused); max in flight per EVSE ${stats.max_in_flight_per_evse}`,
    );
    if (stats.max_in_flight_per_evse > 1) violations.push({ kind: 'concurrent_requests', evse: '(simulator stats)', detail: `max in flight per EVSE ${stats.max_in_flight_per_evse}` });
    // gireve-push runs in transitions mode (the default): every accepted transition, in order.
    const transitions = checkTransitions(this.requests, events, records, new Set([...removed].map((key) => key.split('/').slice(2).join('/'))));
    violations.push(...transitions);
    if (transitions.length > 0) {
      // The whole evidence, for a look at what the short detail leaves out.
      // One JSON line per item: a long run's evidence is larger than one string may be.
      const dump = join(tmpdir(), `chaos-transitions-${Date.now()}.ndjson`);
      await writeLines(dump, [...this.requests.map((request) => ({ request })), ...events.map((event) => ({ event })), ...records.map((record) => ({ record }))]);
      log(`transitions evidence written to ${dump}`);
    }
    const all: { kind: string; evse: string; detail: string }[] = [...truth.violations, ...violations];
    const byKind = new Map<string, number>();
    for (const { kind } of all) byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    const evses = new Set(events.map((e) => `${e.location_id}/${e.evse_uid}`)).size;
    const outOfSync = violations.filter((v) => v.kind === 'lost' || v.kind === 'stale_final_status').length;
    log(
      `summary: ${truth.accepted} events answered accepted, ${truth.acceptedOnKafka} records of them on Kafka as answered (OCPP connector 0: one per EVSE), ` +
        `${records.filter((r) => isSuccess(r) && r.method === 'PATCH' && r.evse_uid !== undefined).length} EVSE PATCHes applied by the IOP, ${evses - outOfSync} of ${evses} EVSEs at their newest status; ` +
        `${truth.refused} events answered 503 or unanswered, ${truth.refusedButWritten} records of them landed anyway; converged ${converged}; run ${((Date.now() - this.startedAt) / 1000).toFixed(0)} s`,
    );
    const violationsByClass = byKind.size === 0 ? 'none' : [...byKind].map(([kind, n]) => `${kind} ${n}`).join(', ');
    log(`violations by class: ${violationsByClass}`);
    if (this.profileName === 'long') {
      await this.writeReportResult([
        { figure: "events answered accepted (the sender's truth)", value: truth.accepted, unit: 'events', goal: null, baseline: `${truth.refused} answered 503 or unanswered` },
        { figure: 'records of the accepted events on Kafka as answered', value: truth.acceptedOnKafka, unit: 'records', goal: '= accepted (OCPP connector 0: one per EVSE)', baseline: null },
        { figure: 'events answered 503 or unanswered that landed anyway', value: truth.refusedButWritten, unit: 'records', goal: null, baseline: `of ${truth.refused}` },
        {
          figure: 'EVSE PATCHes applied by the IOP',
          value: records.filter((r) => isSuccess(r) && r.method === 'PATCH' && r.evse_uid !== undefined).length,
          unit: 'PATCH',
          goal: null,
          baseline: null,
        },
        { figure: 'EVSEs at their newest status at the end', value: evses - outOfSync, unit: 'EVSEs', goal: `= ${evses}`, baseline: `${evses} EVSEs` },
        { figure: 'time to converge once the faults are off', value: converged, unit: '', goal: `within ${this.profile.convergeTimeoutMs / 1000} s`, baseline: null },
        { figure: 'violations (all classes)', value: all.length, unit: '', goal: '0', baseline: violationsByClass },
      ]);
    }
    for (const violation of all.slice(0, 20)) log(`VIOLATION ${violation.kind} ${violation.evse}: ${violation.detail}`);
    log(all.length === 0 ? 'PASS: no invariant violated' : `FAIL: ${all.length} violations`);
    return all.length === 0 ? 0 : 1;
  }

  /** The long profile's last result, for bench/REPORT.md (README: it is run by hand before a release). */
  private async writeReportResult(rows: { figure: string; value: number | string; unit: string; goal: string | null; baseline: string | null }[]): Promise<void> {
    const { locations, evsesPerLocation, loadSeconds, eventsPerSecond, editsPerSecond, schedule } = this.profile;
    const result = {
      name: 'chaos-long',
      title: 'Chaos, long profile (npm run chaos -- --profile long, run by hand before a release)',
      notes:
        `On ${this.kafka instanceof ChaosCluster ? 'a 3-broker cluster' : 'one broker behind a TcpProxy'}: ${locations} Locations × ${evsesPerLocation} EVSEs, ` +
        `${loadSeconds / 60} minutes of load at ${eventsPerSecond} events/s (native, OCPP 1.6 and 2.0.1, two charger-events replicas, one 5 s ahead) with ${editsPerSecond} Location edits/s, ` +
        `${schedule.length} scheduled faults (the short schedule once a minute: broker restart, kill -9 and stall, lost answers, PostgreSQL crash and wire faults, worker kills, IOP faults), ` +
        `run ${((Date.now() - this.startedAt) / 60_000).toFixed(0)} minutes in all. The checks are the README's (Chaos): sender's truth, invariants, Locations, transitions.`,
      rows,
      measured: measuredOn(),
    };
    await mkdir(join(REPO_ROOT, 'bench/results'), { recursive: true });
    await writeFile(join(REPO_ROOT, 'bench/results/chaos-long.json'), `${JSON.stringify(result, null, 2)}\n`);
    log('wrote bench/results/chaos-long.json (node dist/bench/run-all.js --report-only puts it in bench/REPORT.md)');
  }

  /**
   * Per replica, the median of received_at minus the request's send time: the
   * replica under libfaketime shows its offset (what shows the clock was faked).
   */
  private receiptSkews(events: readonly StatusRecord[]): string {
    const sentAt = new Map(this.requests.map((r) => [r.correlationId, r.sentAt]));
    return this.ingestors
      .map((_, replica) => {
        const skews = events
          .filter((e) => e.correlation_id !== undefined && this.replicaOf.get(e.correlation_id) === replica)
          .map((e) => Date.parse(e.received_at) - sentAt.get(e.correlation_id!)!)
          .sort((a, b) => a - b);
        return `replica ${replica + 1} ${skews.length === 0 ? 'no events' : `${(skews[Math.floor(skews.length / 2)]! / 1000).toFixed(1)} s`}`;
      })
      .join(', ');
  }

  /**
   * For each time the broker came back: seconds until the first answer with an
   * accepted event, and until the last refusal before the next Kafka fault
   * (503s that go on after the first 202 mean a recovery that is not one).
   */
  private recoveryAfterBrokerBack(): [string, string][] {
    const faultTimes = this.faultStarts.filter(({ action }) => action.includes('Kafka')).map(({ at }) => at);
    return this.brokerBackAt.map(({ action, at }) => {
      const recovery = recoveryAfter(this.requests, at, Math.min(...faultTimes.filter((t) => t > at), Infinity));
      const seconds = (ms: number | undefined) => (ms === undefined ? 'none' : `${(ms / 1000).toFixed(1)} s`);
      return [action, `first accepted after ${seconds(recovery.firstAcceptedMs)}, last refusal after ${seconds(recovery.lastRefusalMs)} (${recovery.refusedRequests} refused requests)`];
    });
  }

  private async stopAll(): Promise<void> {
    await Promise.all(this.apps.map((app) => app.stop('SIGKILL').catch(() => undefined)));
    for (const wire of [this.iopWire, this.postgresWire]) await wire?.close().catch(() => undefined);
    try {
      await this.kafka.close();
    } catch (error) {
      log(`could not stop Kafka: ${String(error)}`);
    }
    try {
      this.postgres?.stop();
    } catch (error) {
      log(`could not stop PostgreSQL: ${String(error)}`);
    }
  }
}

/** Writes each item as a JSON line, through a stream. */
async function writeLines(path: string, items: readonly unknown[]): Promise<void> {
  const out = createWriteStream(path);
  for (const item of items) if (!out.write(`${JSON.stringify(item)}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

async function main(): Promise<void> {
  const name = process.argv[process.argv.indexOf('--profile') + 1] ?? 'short';
  const profile = process.argv.includes('--profile') ? PROFILES[name] : PROFILES.short;
  if (!profile) throw new Error(`unknown profile ${name}: ${Object.keys(PROFILES).join(', ')}`);
  log(`profile ${process.argv.includes('--profile') ? name : 'short'}: ${profile.loadSeconds} s of load at ${profile.eventsPerSecond} events/s`);
  const cluster = process.argv.includes('--cluster');
  if (cluster) log('on a 3-broker cluster (topics with 3 replicas, min ISR 2)');
  const code = await new ChaosRun(process.argv.includes('--profile') ? name : 'short', profile, cluster).run();
  // Everything the run started is stopped by now. Once in a clean-clone CI run, the process then
  // kept one socket and spun its event loop instead of exiting (cause not found yet): exit explicitly.
  process.exit(code);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
