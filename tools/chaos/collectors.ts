import { TOPICS } from '@app/messaging';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import type { AcceptedEvent, IopRecord } from './invariant-checker';
import type { WrittenEvent } from '@app/testing';

export type StatusRecord = AcceptedEvent & WrittenEvent;

/** Every event on the status topic, with its request's correlation id, read from the beginning up to the end offsets at call time. */
export async function readStatusTopic(brokers: string, timeoutMs = 60_000): Promise<StatusRecord[]> {
  const kafka = new Kafka({ clientId: 'invariant-checker', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map((await admin.fetchTopicOffsets(TOPICS.evseStatus)).map(({ partition, high, low }) => [partition, { high: BigInt(high), low: BigInt(low) }]));
  await admin.disconnect();
  const remaining = new Set([...ends].filter(([, { high, low }]) => high > low).map(([partition]) => partition));
  const events: StatusRecord[] = [];
  if (remaining.size === 0) return events;
  const consumer = kafka.consumer({ groupId: `invariant-checker-${randomUUID()}`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: TOPICS.evseStatus, fromBeginning: true });
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the status topic was not read to its end within ${timeoutMs} ms`)), timeoutMs);
      void consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          const end = ends.get(batch.partition)!.high;
          for (const message of batch.messages) {
            if (BigInt(message.offset) >= end || !message.value) continue;
            const event = statusRecord(message.value.toString(), message.headers?.['x-correlation-id']?.toString());
            if (event) events.push(event);
          }
          if (BigInt(batch.lastOffset()) >= end - 1n) remaining.delete(batch.partition);
          if (remaining.size === 0) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    await done;
  } finally {
    await consumer.disconnect();
  }
  return events;
}

/**
 * Everything the simulated IOP received, each record fetched once: a read asks
 * only for those after the last one held (the simulator numbers them as it
 * records them). A long run's IOP holds hundreds of thousands; fetching them
 * all at every convergence check kept this process, and the proxies in it,
 * busy.
 */
export class IopRecordFeed {
  private readonly records: IopRecord[] = [];

  constructor(private readonly simulatorUrl: string) {}

  async read(): Promise<readonly IopRecord[]> {
    const since = this.records.at(-1)?.seq ?? 0;
    const response = await fetch(`${this.simulatorUrl}/admin/requests?since=${since}`);
    if (!response.ok) throw new Error(`GET /admin/requests answered ${response.status}`);
    for (const record of (await response.json()) as IopRecord[]) this.records.push(record);
    return this.records;
  }
}

/** A status event, or undefined for a message that is not one (charger-events never publishes such; nothing to check). */
function statusRecord(text: string, correlationId: string | undefined): StatusRecord | undefined {
  try {
    const value = JSON.parse(text) as Partial<StatusRecord>;
    return typeof value.evse_uid === 'string' && typeof value.event_time === 'string' ? ({ ...value, correlation_id: correlationId } as StatusRecord) : undefined;
  } catch {
    return undefined;
  }
}
