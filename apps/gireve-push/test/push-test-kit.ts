import 'reflect-metadata';
import { EvseStatusEventV1, evseKey, LocationChangedV1, locationKey, TOPICS, validateMessage } from '@app/messaging';
import { hashToken } from '@app/platform';
import { dropDatabase, ensureDatabase } from '@app/platform/database';
import { AppProcess, createTopics, freePort, pollUntil, REPO_ROOT, startGroupAtTopicEnd, testDatabaseServer } from '@app/testing';
import { spawn } from 'node:child_process';
import { resolve as resolvePath } from 'node:path';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';

/**
 * What the gireve-push e2e specs share: a real Kafka topic (the contract), a
 * database and consumer group of their own (so a spec sees only its own
 * events), the built iop-simulator and gireve-push processes.
 */

export const ADMIN_KEY = 'test-admin-key';

/** One request the simulated IOP received (GET /admin/requests). */
export interface RecordedRequest {
  seq: number;
  method: string;
  path: string;
  version: string;
  location_id?: string;
  evse_uid?: string;
  connector_id?: string;
  body: Record<string, unknown>;
  headers: Record<string, string>;
  received_at: string;
  completed_at?: string;
  http_status: number;
  ocpi_status_code?: number;
  fault?: string | null;
}

type FaultKind = 'http_500' | 'http_503' | 'timeout' | 'reset' | 'ocpi_3000' | 'applied_reset' | 'held';

export interface SimulatorFaults {
  latency_ms?: number;
  error_rate?: number;
  error_kinds?: FaultKind[];
  next_faults?: FaultKind[];
  rate_limit?: { every_nth: number; retry_after_s: number };
  outage?: boolean;
  refuse_evse_uids?: string[];
  unauthorized?: boolean;
}

/** The built iop-simulator and its admin API. */
export class Simulator {
  private constructor(
    readonly app: AppProcess,
    readonly token: string,
    /** The IOP's party id (OCPI-to in 2.2.1). */
    readonly partyId: string,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<Simulator> {
    const port = await freePort();
    const token = `iop-token-${randomUUID()}`;
    const app = await AppProcess.start('iop-simulator', port, { IOP_TOKEN: token, IOP_PUBLIC_URL: `http://127.0.0.1:${port}`, ...env });
    return new Simulator(app, token, env.IOP_PARTY_ID ?? '007');
  }

  get versionsUrl(): string {
    return `${this.app.url}/ocpi/emsp/versions`;
  }

  async requests(filter: { evse_uid?: string; location_id?: string; since?: number } = {}): Promise<RecordedRequest[]> {
    const query = new URLSearchParams(
      Object.entries(filter)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]): [string, string] => [k, String(v)]),
    );
    return (await this.admin('GET', `/admin/requests?${query}`)) as RecordedRequest[];
  }

  /** The highest request sequence number so far (a `since` for later reads). */
  async lastSeq(): Promise<number> {
    const all = await this.requests();
    return all.length === 0 ? 0 : all[all.length - 1].seq;
  }

  async setFaults(faults: SimulatorFaults): Promise<void> {
    await this.admin('PUT', '/admin/faults', faults);
  }

  /** Lets the requests held by the `held` fault be applied (their answers are lost). */
  async releaseHeld(): Promise<number> {
    return ((await this.admin('POST', '/admin/faults/release')) as { released: number }).released;
  }

  async heldCount(): Promise<number> {
    return ((await this.admin('GET', '/admin/faults/held')) as { held: number }).held;
  }

  async clearFaults(): Promise<void> {
    await this.admin('DELETE', '/admin/faults');
  }

  async stats(): Promise<{ max_in_flight_per_evse: number } & Record<string, unknown>> {
    return (await this.admin('GET', '/admin/stats')) as { max_in_flight_per_evse: number };
  }

  /** GET of an object through the OCPI receiver, as the CPO would (Check Locations). */
  async ocpiGet(version: '2.1.1' | '2.2.1', path: string): Promise<{ status: number; body: { data?: unknown } }> {
    const authorization = version === '2.1.1' ? `Token ${this.token}` : `Token ${Buffer.from(this.token).toString('base64')}`;
    const response = await fetch(`${this.app.url}/ocpi/emsp/${version}/locations/${path}`, { headers: { authorization } });
    return { status: response.status, body: (await response.json()) as { data?: unknown } };
  }

  /** PUT or PATCH through the OCPI receiver, as if someone else (or a broken pusher) changed what the IOP holds. */
  async ocpiWrite(method: 'PUT' | 'PATCH', version: '2.1.1' | '2.2.1', path: string, body: unknown): Promise<void> {
    const authorization = version === '2.1.1' ? `Token ${this.token}` : `Token ${Buffer.from(this.token).toString('base64')}`;
    const response = await fetch(`${this.app.url}/ocpi/emsp/${version}/locations/${path}`, {
      method,
      headers: {
        authorization,
        'content-type': 'application/json',
        ...(version === '2.2.1'
          ? {
              'x-request-id': randomUUID(),
              'x-correlation-id': randomUUID(),
              'ocpi-from-country-code': 'FR',
              'ocpi-from-party-id': 'ABC',
              'ocpi-to-country-code': 'FR',
              'ocpi-to-party-id': this.partyId,
            }
          : {}),
      },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`simulator ${method} ${path} answered ${response.status}`);
  }

  private async admin(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.app.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`simulator ${method} ${path} answered ${response.status}: ${await response.text()}`);
    return response.status === 204 ? undefined : response.json();
  }
}

/** A spec's own slice of the shared infrastructure. */
export class PushTestBed {
  readonly group = `push-e2e-${randomUUID().slice(0, 8)}`;
  readonly databaseUrl = `${testDatabaseServer()}/gireve_push_e2e_${randomBytes(4).toString('hex')}`;
  readonly kafka = new Kafka({ clientId: 'push-e2e', brokers: process.env.TEST_KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING });
  private producer?: Producer;
  private readonly workers: AppProcess[] = [];
  db!: Client;

  /** Topics exist, the spec's consumer group starts at their end, the database exists. */
  async setUp(): Promise<void> {
    await createTopics(process.env.TEST_KAFKA_BROKERS!, { partitions: 3 });
    await startGroupAtTopicEnd(process.env.TEST_KAFKA_BROKERS!, this.group, [TOPICS.evseStatus, TOPICS.locations]);
    await ensureDatabase(this.databaseUrl);
    this.db = new Client({ connectionString: this.databaseUrl });
    await this.db.connect();
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await this.producer.connect();
  }

  async tearDown(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.stop('SIGKILL')));
    await this.producer?.disconnect();
    await this.db?.end();
    await dropDatabase(this.databaseUrl);
  }

  /** Starts a gireve-push replica of this spec's group, talking to `simulator`. */
  async startWorker(simulator: Simulator, env: Record<string, string> = {}): Promise<AppProcess> {
    const worker = await AppProcess.start('gireve-push', await freePort(), this.workerEnv(simulator, env));
    this.workers.push(worker);
    return worker;
  }

  /** The environment of a replica (also that of the Check Locations command). */
  workerEnv(simulator: Simulator, env: Record<string, string> = {}): Record<string, string> {
    return {
      KAFKA_BROKERS: process.env.TEST_KAFKA_BROKERS!,
      KAFKA_TOPIC_PARTITIONS: '3',
      KAFKA_CONSUMER_GROUP: this.group,
      DATABASE_URL: this.databaseUrl,
      IOP_VERSIONS_URL: simulator.versionsUrl,
      IOP_TOKEN: simulator.token,
      IOP_RATE_LIMIT_PER_SECOND: '0',
      IOP_REQUEST_TIMEOUT_MS: '2000',
      RETRY_INITIAL_DELAY_MS: '100',
      RETRY_MAX_DELAY_MS: '1000',
      CIRCUIT_HALF_OPEN_AFTER_MS: '500',
      DISPATCH_POLL_INTERVAL_MS: '100',
      ADMIN_API_KEY_SHA256: hashToken(ADMIN_KEY),
      LOG_LEVEL: 'info', // the specs read the worker's own log lines
      ...env,
    };
  }

  /** Runs the built Check Locations command; resolves with its exit code and output. */
  runCheckLocations(simulator: Simulator, env: Record<string, string>, args: string[] = []): Promise<{ code: number | null; output: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [resolvePath(REPO_ROOT, 'dist/apps/gireve-push/src/check-locations.js'), ...args], {
        env: { ...process.env, ...this.workerEnv(simulator, env) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('error', reject);
      child.once('exit', (code) => resolve({ code, output }));
    });
  }

  /** Publishes status events as charger-events does: keyed by EVSE, validated, with a correlation header. */
  async publishStatuses(events: StatusInput[], correlationId?: string): Promise<EvseStatusEventV1[]> {
    const full = events.map(statusEvent);
    await this.producer!.send({
      topic: TOPICS.evseStatus,
      acks: -1,
      messages: full.map((event) => ({
        key: evseKey(event),
        value: JSON.stringify(event),
        headers: { 'x-correlation-id': correlationId ?? randomUUID() },
      })),
    });
    return full;
  }

  async publishRaw(topic: string, key: string, value: string): Promise<void> {
    await this.producer!.send({ topic, acks: -1, messages: [{ key, value }] });
  }

  async publishLocation(change: Omit<LocationChangedV1, 'ocpp_bindings'>, correlationId?: string): Promise<void> {
    const message = validateMessage(LocationChangedV1, { ...change, ocpp_bindings: [] });
    await this.producer!.send({
      topic: TOPICS.locations,
      acks: -1,
      messages: [{ key: locationKey(message), value: JSON.stringify(message), headers: { 'x-correlation-id': correlationId ?? randomUUID() } }],
    });
  }

  /** The outbox row of an EVSE. */
  async evseRow(locationId: string, evseUid: string): Promise<Record<string, unknown> | undefined> {
    const { rows } = await this.db.query('SELECT * FROM evse_push_state WHERE evse_key = $1', [`FR/ABC/${locationId}/${evseUid}`]);
    return rows[0];
  }

  async adminCall(worker: AppProcess, method: string, path: string, body?: unknown, key = ADMIN_KEY): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${worker.url}${path}`, {
      method,
      headers: { 'x-api-key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }
}

export interface StatusInput {
  location_id: string;
  evse_uid: string;
  status: string;
  event_time: string | Date;
  /** The accepting replica's clock (default: now). */
  received_at?: string | Date;
}

export function statusEvent(input: StatusInput): EvseStatusEventV1 {
  return validateMessage(EvseStatusEventV1, {
    event_id: randomUUID(),
    country_code: 'FR',
    party_id: 'ABC',
    location_id: input.location_id,
    evse_uid: input.evse_uid,
    status: input.status,
    event_time: new Date(input.event_time).toISOString(),
    received_at: new Date(input.received_at ?? Date.now()).toISOString(),
    source: 'ocpi',
  });
}

export const STATUSES = ['AVAILABLE', 'CHARGING', 'BLOCKED', 'RESERVED', 'OUTOFORDER', 'INOPERATIVE'] as const;

/** A uid unique to this run, so specs never see each other's EVSEs. */
export function uid(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** PATCHes the IOP accepted, per EVSE, in arrival order. */
export function acceptedPatchesByEvse(requests: RecordedRequest[]): Map<string, RecordedRequest[]> {
  const byEvse = new Map<string, RecordedRequest[]>();
  for (const request of requests) {
    if (request.method !== 'PATCH' || request.evse_uid === undefined || request.connector_id !== undefined) continue;
    if (request.http_status !== 200 || request.ocpi_status_code !== 1000) continue;
    const list = byEvse.get(request.evse_uid) ?? [];
    list.push(request);
    byEvse.set(request.evse_uid, list);
  }
  return byEvse;
}

/** Every EVSE whose accepted PATCHes ever went back in time (last_updated decreasing), with the offending pair. */
export function backwardsPatches(requests: RecordedRequest[]): string[] {
  const problems: string[] = [];
  for (const [evse, patches] of acceptedPatchesByEvse(requests)) {
    for (let i = 1; i < patches.length; i++) {
      const before = Date.parse(String(patches[i - 1].body.last_updated));
      const after = Date.parse(String(patches[i].body.last_updated));
      if (after < before) problems.push(`${evse}: ${patches[i - 1].body.last_updated} then ${patches[i].body.last_updated}`);
    }
  }
  return problems;
}

/**
 * Waits until the IOP's newest accepted status of each EVSE is the expected
 * one. Its last_updated may be older than the newest event's when that event
 * repeated the status the IOP already held (identical statuses are not re-sent).
 */
export async function untilIopHolds(
  simulator: Simulator,
  expected: Map<string, { status: string; last_updated: string }>,
  options: { timeoutMs?: number; since?: number } = {},
): Promise<RecordedRequest[]> {
  return pollUntil(
    () => simulator.requests({ since: options.since }),
    (requests) => {
      const latest = acceptedPatchesByEvse(requests);
      return [...expected].every(([evse, want]) => {
        const got = latest.get(evse)?.at(-1)?.body;
        return got?.status === want.status && Date.parse(String(got.last_updated)) <= Date.parse(want.last_updated);
      });
    },
    { timeoutMs: options.timeoutMs ?? 60_000, intervalMs: 250, what: `the IOP to hold the newest status of ${expected.size} EVSE(s)` },
  );
}

/** OCPI DateTime as gireve-push sends it (whole seconds). */
export function ocpiTime(date: Date | string): string {
  return new Date(date).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Publishes `rounds` status changes for each EVSE, one round at a time with a
 * pause between rounds (a stream, not a burst); `between(round)` runs after
 * each round (to kill or start workers mid-stream). Returns what each EVSE
 * must end with at the IOP.
 */
export async function streamStatuses(
  bed: PushTestBed,
  evses: { location_id: string; evse_uid: string }[],
  rounds: number,
  between: (round: number) => Promise<void> = async () => undefined,
  pauseMs = 100,
): Promise<Map<string, { status: string; last_updated: string }>> {
  const base = Date.parse('2026-11-24T00:00:00Z');
  const expected = new Map<string, { status: string; last_updated: string }>();
  for (let round = 0; round < rounds; round++) {
    const time = new Date(base + round * 1000);
    const statuses = evses.map((evse, i) => ({ ...evse, status: STATUSES[(i + round) % STATUSES.length], event_time: time }));
    await bed.publishStatuses(statuses);
    for (const s of statuses) expected.set(s.evse_uid, { status: s.status, last_updated: ocpiTime(time) });
    await between(round);
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  return expected;
}

/** A GIREVE-valid OCPI 2.2.1 Location with these EVSEs (one connector each), stamped `lastUpdated`. */
/** The Locations topic's message for a Location of these EVSEs, as first published. */
export function locationUpserted(id: string, evseUids: string[], changedAt = '2026-12-06T09:00:00Z'): LocationChangedV1 {
  return {
    country_code: 'FR',
    party_id: 'ABC',
    location_id: id,
    change: 'upserted',
    location: ocpiLocation(
      id,
      evseUids.map((uid) => ({ uid })),
    ),
    changed_at: changedAt,
    revision: 1,
    ocpp_bindings: [],
  };
}

export function ocpiLocation(
  id: string,
  evses: { uid: string; status?: string }[],
  overrides: { name?: string; tariffs?: string[]; lastUpdated?: string } = {},
): Record<string, unknown> & { evses: Record<string, unknown>[] } {
  const lastUpdated = overrides.lastUpdated ?? '2026-11-23T09:00:00Z';
  return {
    country_code: 'FR',
    party_id: 'ABC',
    id,
    publish: true,
    name: overrides.name ?? 'Gare de Lyon',
    address: '20 boulevard Diderot',
    city: 'Paris',
    postal_code: '75012',
    country: 'FRA',
    coordinates: { latitude: '48.844700', longitude: '2.373900' },
    time_zone: 'Europe/Paris',
    parking_type: 'ON_STREET',
    operator: { name: 'Example CPO' },
    owner: { name: 'Example CPO' },
    evses: evses.map((evse) => ({
      uid: evse.uid,
      evse_id: `FR*ABC*E${evse.uid.slice(-4)}`,
      status: evse.status ?? 'AVAILABLE',
      capabilities: ['REMOTE_START_STOP_CAPABLE'],
      connectors: [
        {
          id: '1',
          standard: 'IEC_62196_T2',
          format: 'SOCKET',
          power_type: 'AC_3_PHASE',
          max_voltage: 230,
          max_amperage: 32,
          tariff_ids: overrides.tariffs ?? ['T1'],
          last_updated: lastUpdated,
        },
      ],
      last_updated: lastUpdated,
    })),
    last_updated: lastUpdated,
  };
}
