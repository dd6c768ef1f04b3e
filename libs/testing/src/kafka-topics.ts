import { TOPIC_SPECS, topicConfigEntries, type TopicSpec } from '@app/messaging';
import { Kafka, logLevel } from 'kafkajs';
import { retryRetriable } from './retry-retriable';

export interface CreateTopicsOptions {
  partitions: number;
  /** The contract topics to create; default every one, as the apps create them. */
  specs?: readonly Pick<TopicSpec, 'topic' | 'compacted' | 'minCompactionLagMs'>[];
  /** Plain (not compacted) topics of a test's or bench's own. */
  extra?: string[];
  /** Default: the broker's default.replication.factor. */
  replicationFactor?: number;
}

/**
 * Creates the topics not there yet, as the apps do (the brokers never auto-create
 * them), and waits for their leaders: a test or bench can then produce at once.
 */
export async function createTopics(brokers: string, { partitions, specs = TOPIC_SPECS, extra = [], replicationFactor }: CreateTopicsOptions): Promise<void> {
  const admin = new Kafka({ clientId: 'test-topics', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await retryRetriable(async () => {
      const existing = new Set(await admin.listTopics());
      const missing = [...specs, ...extra.map((topic) => ({ topic, compacted: false }))].filter((spec) => !existing.has(spec.topic));
      if (missing.length === 0) return;
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((spec) => ({ topic: spec.topic, numPartitions: partitions, replicationFactor, configEntries: topicConfigEntries(spec) })),
      });
    });
  } finally {
    await admin.disconnect();
  }
}

/**
 * Commits the topics' end offsets for `group` before any of its consumers
 * joins: a new group of an app (which reads from the beginning) then reads only
 * what is produced from now on, not every earlier spec's messages.
 */
export async function startGroupAtTopicEnd(brokers: string, group: string, topics: readonly string[]): Promise<void> {
  const admin = new Kafka({ clientId: 'test-group-offsets', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    // Explicit end offsets: resetOffsets would commit -1, which a consumer reads as "from the beginning".
    for (const topic of topics) {
      const partitions = (await retryRetriable(() => admin.fetchTopicOffsets(topic))).map(({ partition, high }) => ({ partition, offset: high }));
      await admin.setOffsets({ groupId: group, topic, partitions });
    }
  } finally {
    await admin.disconnect();
  }
}
