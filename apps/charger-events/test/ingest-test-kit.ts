import { TOPICS } from '@app/messaging';
import { hashToken } from '@app/platform';
import { AppProcess, freePort, pollUntil } from '@app/testing';
import { type Consumer, Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';

export const INGEST_KEY = 'test-ingest-key-0123456789';
const SENDER_HEADERS = { 'content-type': 'application/json', authorization: `Bearer ${INGEST_KEY}` };

/** Starts charger-events on `brokers` with one sender key, and waits until it is ready (its EVSE registry loaded) unless told not to. */
export async function startIngestor(brokers: string, env: Record<string, string> = {}, { waitReady = true } = {}): Promise<AppProcess> {
  const app = await AppProcess.start('charger-events', await freePort(), {
    KAFKA_BROKERS: brokers,
    KAFKA_TOPIC_PARTITIONS: '3',
    INGEST_API_KEYS: `test-csms:${hashToken(INGEST_KEY)}`,
    // The tests' fixed dates must stay acceptable whenever they run.
    MAX_EVENT_AGE_S: String(20 * 365 * 24 * 3600),
    // Unknown chargers are refused at once unless a spec tests the grace period.
    UNBOUND_CHARGER_GRACE_S: '0',
    ...env,
  });
  if (waitReady)
    await pollUntil(
      async () => (await fetch(`${app.url}/health/ready`)).status,
      (status) => status === 200,
      { what: 'charger-events ready (registry loaded)' },
    );
  return app;
}

/** POSTs JSON with the sender key. */
export async function post(app: AppProcess, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: { ...SENDER_HEADERS, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/**
 * POSTs headers declaring a JSON body of `bytes` and sends none of it: how the
 * app answers a body too large, without racing an upload it cuts short.
 */
export function postDeclaringLength(app: AppProcess, path: string, bytes: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = { ...SENDER_HEADERS, 'content-length': String(bytes) };
    const request = httpRequest(`${app.url}${path}`, { method: 'POST', headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        request.destroy();
        resolve({ status: response.statusCode!, body });
      });
    });
    request.on('error', reject);
    request.flushHeaders();
  });
}

export interface PublishedStatus {
  key: string;
  value: Record<string, unknown>;
  correlationId: string | undefined;
}

/** Reads the status topic from the beginning into `messages`, for assertions on keys and payloads. */
export class StatusTopicReader {
  readonly messages: PublishedStatus[] = [];
  private constructor(private readonly consumer: Consumer) {}

  static async start(brokers: string): Promise<StatusTopicReader> {
    const kafka = new Kafka({ clientId: 'test-reader', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `test-reader-${randomUUID()}`, maxWaitTimeInMs: 100 });
    const reader = new StatusTopicReader(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.evseStatus, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        const value = parseJson(message.value?.toString());
        // Other specs publish malformed messages on purpose: not ours, skipped.
        if (value === undefined) return;
        reader.messages.push({ key: message.key?.toString() ?? '', value, correlationId: message.headers?.['x-correlation-id']?.toString() });
      },
    });
    return reader;
  }

  of(locationId: string): PublishedStatus[] {
    return this.messages.filter((m) => m.value.location_id === locationId);
  }

  /** Waits until `count` messages of the Location arrived. */
  async waitFor(locationId: string, count: number): Promise<PublishedStatus[]> {
    return pollUntil(
      () => this.of(locationId),
      (found) => found.length >= count,
      { what: `${count} status events of ${locationId} on the topic` },
    );
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

export function uniqueId(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

function parseJson(text: string | undefined): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text ?? '');
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
