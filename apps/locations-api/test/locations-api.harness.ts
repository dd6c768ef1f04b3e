import { formatAuthorizationHeader, type OcpiVersion } from '@app/ocpi';
import { hashToken, newToken } from '@app/platform';
import { dropDatabase, ensureDatabase } from '@app/platform/database';
import { TOPIC_SPECS } from '@app/messaging';
import { AppProcess, freePort, pollUntil } from '@app/testing';
import type { Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

export const TOKEN_A = 'test-token-a-0123456789';
export const ADMIN_KEY = 'test-admin-key-0123456789';

/** A built locations-api on its own database of the e2e run, with the helpers its tests share. */
export class LocationsApiHarness {
  private constructor(
    readonly app: AppProcess,
    readonly db: Client,
    readonly databaseUrl: string,
  ) {}

  /** Starts the app on a fresh database `<run database>_<suffix>`. */
  static async start(suffix: string, env: Record<string, string> = {}): Promise<LocationsApiHarness> {
    const databaseUrl = `${process.env.TEST_DATABASE_URL}_${suffix}`;
    await ensureDatabase(databaseUrl);
    return LocationsApiHarness.launch(databaseUrl, env);
  }

  /** Starts the app again on the database of a stopped harness (whose own client is closed). */
  static async reuse(stopped: LocationsApiHarness, env: Record<string, string> = {}): Promise<LocationsApiHarness> {
    await stopped.db.end();
    return LocationsApiHarness.launch(stopped.databaseUrl, env);
  }

  private static async launch(databaseUrl: string, env: Record<string, string>): Promise<LocationsApiHarness> {
    const port = await freePort();
    const app = await AppProcess.start('locations-api', port, {
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: process.env.TEST_KAFKA_BROKERS!,
      KAFKA_TOPIC_PARTITIONS: '3',
      KAFKA_CONSUMER_GROUP: `locations-api-${randomUUID()}`,
      OCPI_PUBLIC_URL: `http://127.0.0.1:${port}`,
      OCPI_TOKEN_A: TOKEN_A,
      ADMIN_API_KEY: ADMIN_KEY,
      OUTBOX_POLL_INTERVAL_MS: '200',
      ...env,
    });
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    return new LocationsApiHarness(app, db, databaseUrl);
  }

  get url(): string {
    return this.app.url;
  }

  async stop(): Promise<void> {
    await this.app.stop();
    await this.db.end();
    await dropDatabase(this.databaseUrl);
  }

  /** Registers an IOP straight in the database (the handshake itself is tested with the simulator); returns its token C. */
  async registerIop(version: OcpiVersion = '2.2.1'): Promise<string> {
    const tokenC = newToken();
    await this.db.query(
      `INSERT INTO iop_registration (id, version, versions_url, endpoints, token_b, token_c_hash, country_code, party_id, parties, registered_at, updated_at)
       VALUES (1, $2, 'http://127.0.0.1:9/ocpi/emsp/versions', '[]', 'unused-token-b', $1, 'FR', '107', '[]', now(), now())
       ON CONFLICT (id) DO UPDATE SET token_c_hash = excluded.token_c_hash, version = excluded.version`,
      [hashToken(tokenC), version],
    );
    return tokenC;
  }

  /** Moves the IOP's registration to `version`, as its credentials PUT in that version would: token C then works there only. */
  async registeredIn(version: OcpiVersion): Promise<void> {
    await this.db.query('UPDATE iop_registration SET version = $1', [version]);
  }

  /** GET an OCPI URL (absolute, or a path of this app) with a credentials token encoded as `version` requires. */
  ocpiGet(pathOrUrl: string, token: string | undefined, version: OcpiVersion, headers: Record<string, string> = {}): Promise<Response> {
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${this.url}${pathOrUrl}`;
    return fetch(url, { headers: { ...(token === undefined ? {} : { authorization: formatAuthorizationHeader(token, version) }), ...headers } });
  }

  admin(method: string, path: string, body?: unknown, key = ADMIN_KEY): Promise<Response> {
    return fetch(`${this.url}/admin${path}`, {
      method,
      headers: { 'x-api-key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }
}

export interface Envelope<T = unknown> {
  data?: T;
  status_code: number;
  status_message?: string;
  timestamp: string;
}

export async function envelope<T>(response: Response): Promise<Envelope<T>> {
  return (await response.json()) as Envelope<T>;
}

/** The URL in a `Link: <url>; rel="next"` header, or undefined. */
export function nextLink(response: Response): string | undefined {
  return /^<([^>]+)>; rel="next"$/.exec(response.headers.get('link') ?? '')?.[1];
}

/** Waits until the app has created the pipeline's topics (it does so at start, in the background). */
export async function topicsCreated(kafka: Kafka): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await pollUntil(
      () => admin.listTopics(),
      (topics) => TOPIC_SPECS.every((spec) => topics.includes(spec.topic)),
      { what: 'the topics' },
    );
  } finally {
    await admin.disconnect();
  }
}
