import type { Logger } from '@nestjs/common';
import type { TopicAdminService } from '@app/messaging';
import type { Batch, Consumer, Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

const MAX_BACKOFF_MS = 30_000;
/**
 * How long a shutdown waits to leave the consumer group. The group is this
 * replica's alone and never reused: after a broker outage, leaving can wait on
 * a rejoin that waits, in turn, for the member lost in the outage to time out
 * (~30 s), past Kubernetes' grace period.
 */
const LEAVE_GROUP_GRACE_MS = 3_000;

/**
 * Reads a compacted topic whole into memory, then follows it live: a group of
 * its own that never commits, so each start rebuilds from the beginning. Until
 * it has read up to the end offsets it saw at start, it is not `loaded`. It
 * connects and retries in the background, so the app answers (503s, health)
 * while Kafka is unreachable.
 */
export class CompactedTopicFollower {
  private readonly consumer: Consumer;
  private readonly stopping = new AbortController();
  private starting?: Promise<void>;
  /** Partition → offset to reach before the topic counts as loaded; emptied as they are reached. */
  private pending?: Map<number, bigint>;

  constructor(
    private readonly kafka: Kafka,
    private readonly topics: TopicAdminService,
    private readonly topic: string,
    groupPrefix: string,
    private readonly logger: Logger,
    /** Applies a batch of one partition, in order; must not throw for one bad message. */
    private readonly apply: (batch: Batch) => void,
    private readonly onLoaded: () => void,
  ) {
    this.consumer = kafka.consumer({ groupId: `${groupPrefix}-${randomUUID()}`, maxWaitTimeInMs: 500 });
  }

  get loaded(): boolean {
    return this.pending?.size === 0;
  }

  start(): void {
    this.starting = this.run();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.starting;
    await Promise.race([this.consumer.disconnect(), sleep(LEAVE_GROUP_GRACE_MS, undefined, { ref: false })]);
  }

  private async run(): Promise<void> {
    for (let backoff = 200; !this.stopping.signal.aborted; backoff = Math.min(backoff * 2, MAX_BACKOFF_MS)) {
      try {
        await this.topics.ensureTopics();
        this.pending = await this.endOffsets();
        await this.consumer.connect();
        await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
        await this.consumer.run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            this.apply(batch);
            this.markRead(batch.partition, BigInt(batch.lastOffset()));
          },
        });
        if (this.loaded) this.onLoaded();
        return;
      } catch (error) {
        this.logger.warn({ err: error, topic: this.topic, retry_in_ms: backoff }, 'could not start reading the topic');
        await this.consumer.disconnect().catch(() => undefined);
        await sleep(backoff, undefined, { signal: this.stopping.signal }).catch(() => undefined);
      }
    }
  }

  private async endOffsets(): Promise<Map<number, bigint>> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(this.topic);
      // The last message of a partition is at high - 1; an empty partition has nothing to wait for.
      return new Map(offsets.filter(({ high, low }) => BigInt(high) > BigInt(low)).map(({ partition, high }) => [partition, BigInt(high) - 1n]));
    } finally {
      await admin.disconnect();
    }
  }

  private markRead(partition: number, offset: bigint): void {
    const target = this.pending?.get(partition);
    if (target === undefined || offset < target) return;
    this.pending!.delete(partition);
    if (this.loaded) this.onLoaded();
  }
}
