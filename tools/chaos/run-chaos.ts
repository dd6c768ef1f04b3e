import 'reflect-metadata';
import { hashToken } from '@app/platform';
import { AppProcess, freePort, kafkaBrokerCommand, locationChanged, pollUntil, publishLocations, REPO_ROOT, startKafkaBroker, stopKafkaBroker } from '@app/testing';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fetchIopRecords, readAcceptedEvents } from './collectors';
import { checkInvariants, type Violation } from './invariant-checker';
import { PrivatePostgres } from './private-postgres';

/**
 * `npm run chaos -- --profile short|long`: load through charger-events while
 * gireve-push workers are killed (kill -9) and restarted, the Kafka broker and
 * PostgreSQL are restarted and the simulated IOP fails in every way it can;
 * then, faults off, waits for the IOP to converge and checks the invariants.
 * Loopback only; everything it starts is its own and is stopped at the end.
 */

interface Profile {
  locations: number;
  evsesPerLocation: number;
  loadSeconds: number;
  eventsPerSecond: number;
  /** Seconds after the load starts → action. */
  schedule: [number, string][];
  convergeTimeoutMs: number;
}

const SHORT_SCHEDULE: [number, string][] = [
  [5, 'faults: errors'],
  [10, 'kill -9 worker A'],
  [13, 'restart worker A'],
  [18, 'faults: 429'],
  [22, 'restart Kafka'],
  [32, 'faults: outage'],
  [40, 'faults: none'],
  [42, 'restart PostgreSQL'],
  [48, 'kill -9 worker B'],
  [50, 'restart worker B'],
  [52, 'faults: latency'],
  [56, 'faults: none'],
];

const PROFILES: Record<string, Profile> = {
  short: { locations: 20, evsesPerLocation: 5, loadSeconds: 60, eventsPerSecond: 150, schedule: SHORT_SCHEDULE, convergeTimeoutMs: 120_000 },
  long: {
    locations: 200,
    evsesPerLocation: 10,
    loadSeconds: 300,
    eventsPerSecond: 400,
    schedule: [0, 60, 120, 180, 240].flatMap((offset) => SHORT_SCHEDULE.map(([at, action]): [number, string] => [at + offset, action])),
    convergeTimeoutMs: 300_000,
  },
};

const STATUSES = ['AVAILABLE', 'CHARGING', 'BLOCKED', 'RESERVED', 'OUTOFORDER', 'INOPERATIVE'];
const FAULTS: Record<string, object> = {
  'faults: errors': { latency_ms: 10, error_rate: 0.25, error_kinds: ['http_500', 'http_503', 'timeout', 'reset', 'ocpi_3000'] },
  'faults: 429': { rate_limit: { every_nth: 7, retry_after_s: 1 } },
  'faults: outage': { outage: true },
  'faults: latency': { latency_ms: 40 },
  'faults: none': {},
};

const log = (message: string) => console.log(`[chaos ${new Date().toISOString().slice(11, 19)}] ${message}`);

class ChaosRun {
  private readonly kafkaPort = Number(process.env.CHAOS_KAFKA_PORT ?? 39252);
  private readonly brokers = `127.0.0.1:${this.kafkaPort}`;
  private readonly ingestKey = `chaos-${randomUUID()}`;
  private readonly group = `chaos-${randomUUID().slice(0, 8)}`;
  private readonly iopToken = `chaos-iop-${randomUUID()}`;
  private readonly apps: AppProcess[] = [];
  private postgres!: PrivatePostgres;
  private simulator!: AppProcess;
  private ingestor!: AppProcess;
  private workers: (AppProcess | undefined)[] = [];
  private readonly evses: { location_id: string; evse_uid: string }[] = [];
  private readonly stats = { sent: 0, accepted: 0, unavailable: 0, other: 0 };

  constructor(private readonly profile: Profile) {}

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
    // Beside the broker's two ports, never a random one the broker could collide with.
    this.postgres = new PrivatePostgres(join('/tmp', `chaos-pg-${process.pid}`), this.kafkaPort + 2);
    this.postgres.start();
    log(`PostgreSQL (own cluster) on ${this.postgres.port}`);
    rmSync(join(REPO_ROOT, `.cache/kafka/test-${this.kafkaPort}`), { recursive: true, force: true });
    startKafkaBroker(this.kafkaPort);
    const { locations, evsesPerLocation } = this.profile;
    const changes = Array.from({ length: locations }, (_, i) => locationChanged(`CHAOS-${i + 1}`, evsesPerLocation));
    for (const change of changes) for (const evse of change.location.evses as { uid: string }[]) this.evses.push({ location_id: change.location_id, evse_uid: evse.uid });
    await publishLocations(this.brokers, changes);
    const simulatorPort = await freePort();
    this.simulator = await this.start('iop-simulator', { IOP_TOKEN: this.iopToken, IOP_PUBLIC_URL: `http://127.0.0.1:${simulatorPort}` }, simulatorPort);
    this.ingestor = await this.start('charger-events', {
      KAFKA_BROKERS: this.brokers,
      KAFKA_TOPIC_PARTITIONS: '6',
      INGEST_API_KEYS: `chaos:${hashToken(this.ingestKey)}`,
      KAFKA_ACK_TIMEOUT_MS: '3000',
    });
    this.workers = [await this.startWorker(), await this.startWorker()];
    await pollUntil(async () => (await fetch(`${this.ingestor.url}/health/ready`)).status, (status) => status === 200, { what: 'charger-events ready' });
    log(`${this.evses.length} EVSEs in ${locations} Locations; charger-events, 2 gireve-push workers and the simulator are up`);
  }

  private async start(name: string, env: Record<string, string>, port?: number): Promise<AppProcess> {
    const app = await AppProcess.start(name, port ?? (await freePort()), env);
    this.apps.push(app);
    return app;
  }

  private startWorker(): Promise<AppProcess> {
    return this.start('gireve-push', {
      KAFKA_BROKERS: this.brokers,
      KAFKA_TOPIC_PARTITIONS: '6',
      KAFKA_CONSUMER_GROUP: this.group,
      DATABASE_URL: this.postgres.url,
      IOP_VERSIONS_URL: `${this.simulator.url}/ocpi/emsp/versions`,
      IOP_TOKEN: this.iopToken,
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
    const chaos = (async () => {
      for (const [at, action] of schedule) {
        const wait = started + at * 1000 - Date.now();
        if (wait > 0) await sleep(wait);
        log(`${action}`);
        await this.act(action).catch((error: unknown) => log(`${action} failed: ${String(error)}`));
      }
    })();
    const batchesPerSecond = 10;
    const perBatch = Math.max(1, Math.round(this.profile.eventsPerSecond / batchesPerSecond));
    let tick = 0;
    while (Date.now() - started < this.profile.loadSeconds * 1000) {
      void this.sendBatch(perBatch);
      tick++;
      if (tick % (batchesPerSecond * 10) === 0) log(`sent ${this.stats.sent}, accepted ${this.stats.accepted}, 503 ${this.stats.unavailable}, other ${this.stats.other}`);
      await sleep(Math.max(0, started + (tick * 1000) / batchesPerSecond - Date.now()));
    }
    await chaos;
    log(`load done: sent ${this.stats.sent}, accepted ${this.stats.accepted}, 503 ${this.stats.unavailable}, other ${this.stats.other}`);
  }

  /** Native events with jittered charger times: late and reordered events on purpose. */
  private async sendBatch(count: number): Promise<void> {
    const events = Array.from({ length: count }, () => {
      const evse = this.evses[Math.floor(Math.random() * this.evses.length)]!;
      return { ...evse, status: STATUSES[Math.floor(Math.random() * STATUSES.length)], timestamp: new Date(Date.now() - Math.floor(Math.random() * 3000)).toISOString() };
    });
    this.stats.sent += count;
    try {
      const response = await fetch(`${this.ingestor.url}/v1/status-events/native/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.ingestKey}` },
        body: JSON.stringify({ events }),
        signal: AbortSignal.timeout(10_000),
      });
      if (response.status === 200) this.stats.accepted += ((await response.json()) as { accepted: number }).accepted;
      else if (response.status === 503) this.stats.unavailable += count;
      else this.stats.other += count;
    } catch {
      this.stats.other += count;
    }
  }

  private async act(action: string): Promise<void> {
    if (action.startsWith('faults: ')) {
      const method = action === 'faults: none' ? 'DELETE' : 'PUT';
      const response = await fetch(`${this.simulator.url}/admin/faults`, { method, headers: { 'content-type': 'application/json' }, body: method === 'PUT' ? JSON.stringify(FAULTS[action]) : undefined });
      // A fault switch that silently failed would make the run weaker than its schedule says.
      if (!response.ok) throw new Error(`${action}: the simulator answered HTTP ${response.status}`);
    } else if (action.startsWith('kill -9 worker')) {
      const index = action.endsWith('A') ? 0 : 1;
      await this.workers[index]?.stop('SIGKILL');
      this.workers[index] = undefined;
    } else if (action.startsWith('restart worker')) {
      const index = action.endsWith('A') ? 0 : 1;
      this.workers[index] = await this.startWorker();
    } else if (action === 'restart Kafka') {
      await kafkaBrokerCommand(this.kafkaPort, 'stop');
      await kafkaBrokerCommand(this.kafkaPort, 'start');
    } else if (action === 'restart PostgreSQL') {
      await this.postgres.restart('immediate');
    }
  }

  /** Faults off: waits until the IOP holds every EVSE's newest status, then checks every invariant. */
  private async verify(): Promise<number> {
    await fetch(`${this.simulator.url}/admin/faults`, { method: 'DELETE' });
    const since = Date.now();
    const events = await readAcceptedEvents(this.brokers);
    log(`${events.length} events on Kafka (accepted); waiting for the IOP to converge`);
    let violations: Violation[] = [];
    try {
      violations = await pollUntil(
        async () => checkInvariants(events, await fetchIopRecords(this.simulator.url)),
        (found) => found.every((v) => v.kind !== 'lost' && v.kind !== 'stale_final_status'),
        { what: 'convergence', timeoutMs: this.profile.convergeTimeoutMs, intervalMs: 1000 },
      );
      log(`converged in ${((Date.now() - since) / 1000).toFixed(1)} s`);
    } catch {
      violations = checkInvariants(events, await fetchIopRecords(this.simulator.url));
      log(`did not converge within ${this.profile.convergeTimeoutMs / 1000} s`);
    }
    const records = await fetchIopRecords(this.simulator.url);
    const stats = (await (await fetch(`${this.simulator.url}/admin/stats`)).json()) as { max_in_flight_per_evse: number };
    const patches = records.filter((r) => r.method === 'PATCH');
    log(`IOP received ${records.length} requests (${patches.length} PATCHes, ${records.filter((r) => r.http_status >= 300).length} failed or refused); max in flight per EVSE ${stats.max_in_flight_per_evse}`);
    if (stats.max_in_flight_per_evse > 1) violations.push({ kind: 'concurrent_requests', evse: '(simulator stats)', detail: `max in flight per EVSE ${stats.max_in_flight_per_evse}` });
    for (const violation of violations.slice(0, 20)) log(`VIOLATION ${violation.kind} ${violation.evse}: ${violation.detail}`);
    log(violations.length === 0 ? 'PASS: no invariant violated' : `FAIL: ${violations.length} violations`);
    return violations.length === 0 ? 0 : 1;
  }

  private async stopAll(): Promise<void> {
    await Promise.all(this.apps.map((app) => app.stop('SIGKILL').catch(() => undefined)));
    try {
      stopKafkaBroker(this.kafkaPort);
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

async function main(): Promise<void> {
  const name = process.argv[process.argv.indexOf('--profile') + 1] ?? 'short';
  const profile = process.argv.includes('--profile') ? PROFILES[name] : PROFILES.short;
  if (!profile) throw new Error(`unknown profile ${name}: short or long`);
  log(`profile ${process.argv.includes('--profile') ? name : 'short'}: ${profile.loadSeconds} s of load at ${profile.eventsPerSecond} events/s`);
  process.exitCode = await new ChaosRun(profile).run();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
