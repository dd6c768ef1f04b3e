import { Inject, Injectable, Logger } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import { type Admin, ConfigResourceTypes, Kafka } from 'kafkajs';
import { TOPIC_SPECS, topicConfigEntries, type TopicSpec } from '../topics';
import { KAFKA_OPTIONS, type KafkaOptions } from './kafka-options';

/** What a topic of the pipeline must be, from the app's settings. */
interface ExpectedTopic {
  topic: string;
  partitions: number;
  replicationFactor: number;
  minInsyncReplicas: number;
  cleanupPolicy: 'compact' | 'delete';
  minCompactionLagMs?: number;
}

/** What an existing topic is, as the cluster describes it. */
export interface ActualTopic {
  partitions: number;
  /** The fewest replicas of any of its partitions. */
  replicationFactor: number;
  minInsyncReplicas: number | undefined;
  cleanupPolicy: string | undefined;
  minCompactionLagMs: number | undefined;
}

/**
 * Creates the pipeline's topics with their partitions, replication, min ISR
 * and cleanup policy, and checks those that exist already against the same
 * settings: a topic with one replica would make "acknowledged" mean one disk,
 * and one with other partitions would move keys. A difference is not fatal (an
 * operator may be migrating) but keeps the app not ready, saying what differs.
 */
@Injectable()
export class TopicAdminService {
  private readonly logger = new Logger(TopicAdminService.name);
  /** Undefined until the topics were checked once; then the differences found. */
  private differences?: string[];

  constructor(
    private readonly kafka: Kafka,
    @Inject(KAFKA_OPTIONS) private readonly options: KafkaOptions,
  ) {}

  async ensureTopics(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const expected = TOPIC_SPECS.map((spec) => this.expected(spec));
      const missing = expected.filter((topic) => !existing.has(topic.topic));
      if (missing.length > 0) await this.create(admin, missing);
      const present = expected.filter((topic) => existing.has(topic.topic));
      const actual =
        present.length > 0
          ? await describeTopics(
              admin,
              present.map((t) => t.topic),
            )
          : new Map<string, ActualTopic>();
      this.differences = present.flatMap((topic) => topicDifferences(topic, actual.get(topic.topic)));
      if (this.differences.length > 0) this.logger.error({ differences: this.differences }, 'existing topics differ from the settings: not ready');
    } finally {
      await admin.disconnect();
    }
  }

  /** Readiness: down until the topics were checked, and while one differs from the settings. */
  check(): HealthIndicatorResult {
    if (this.differences === undefined) return { kafka_topics: { status: 'down', message: 'topics not checked yet' } };
    if (this.differences.length > 0) return { kafka_topics: { status: 'down', message: this.differences.join('; ') } };
    return { kafka_topics: { status: 'up' } };
  }

  private expected(spec: TopicSpec): ExpectedTopic {
    return {
      topic: spec.topic,
      partitions: this.options.topicPartitions,
      replicationFactor: this.options.topicReplicationFactor ?? 1,
      minInsyncReplicas: this.options.topicMinInsyncReplicas ?? 1,
      cleanupPolicy: spec.compacted ? 'compact' : 'delete',
      minCompactionLagMs: spec.minCompactionLagMs,
    };
  }

  private async create(admin: Admin, topics: ExpectedTopic[]): Promise<void> {
    await admin.createTopics({
      waitForLeaders: true,
      topics: topics.map((topic) => ({
        topic: topic.topic,
        numPartitions: topic.partitions,
        replicationFactor: topic.replicationFactor,
        configEntries: [
          ...topicConfigEntries({ compacted: topic.cleanupPolicy === 'compact', minCompactionLagMs: topic.minCompactionLagMs }),
          { name: 'min.insync.replicas', value: String(topic.minInsyncReplicas) },
        ],
      })),
    });
    this.logger.log({ topics: topics.map((t) => t.topic), partitions: this.options.topicPartitions, replicationFactor: topics[0]!.replicationFactor }, 'created topics');
  }
}

async function describeTopics(admin: Admin, topics: string[]): Promise<Map<string, ActualTopic>> {
  const [metadata, configs] = await Promise.all([
    admin.fetchTopicMetadata({ topics }),
    admin.describeConfigs({
      includeSynonyms: false,
      resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['min.insync.replicas', 'cleanup.policy', 'min.compaction.lag.ms'] })),
    }),
  ]);
  const actual = new Map<string, ActualTopic>();
  for (const { name, partitions } of metadata.topics) {
    const entries = configs.resources.find((r) => r.resourceName === name)?.configEntries ?? [];
    const config = (key: string) => entries.find((e) => e.configName === key)?.configValue;
    const minInsync = config('min.insync.replicas');
    const minCompactionLag = config('min.compaction.lag.ms');
    actual.set(name, {
      partitions: partitions.length,
      replicationFactor: Math.min(...partitions.map((p) => p.replicas.length)),
      minInsyncReplicas: minInsync === undefined ? undefined : Number(minInsync),
      cleanupPolicy: config('cleanup.policy'),
      minCompactionLagMs: minCompactionLag === undefined ? undefined : Number(minCompactionLag),
    });
  }
  return actual;
}

/** Each way an existing topic differs from what the settings ask, in words an operator can act on. */
export function topicDifferences(expected: ExpectedTopic, actual: ActualTopic | undefined): string[] {
  const { topic } = expected;
  if (!actual) return [`${topic}: not described by the cluster`];
  const differences: string[] = [];
  if (actual.partitions !== expected.partitions) differences.push(`${topic}: ${actual.partitions} partitions, settings say ${expected.partitions}`);
  if (actual.replicationFactor < expected.replicationFactor) {
    differences.push(`${topic}: replication factor ${actual.replicationFactor}, settings say ${expected.replicationFactor}`);
  }
  if (actual.minInsyncReplicas !== expected.minInsyncReplicas) {
    differences.push(`${topic}: min.insync.replicas ${actual.minInsyncReplicas ?? 'unknown'}, settings say ${expected.minInsyncReplicas}`);
  }
  if (actual.cleanupPolicy !== expected.cleanupPolicy) differences.push(`${topic}: cleanup.policy ${actual.cleanupPolicy ?? 'unknown'}, settings say ${expected.cleanupPolicy}`);
  if (expected.minCompactionLagMs !== undefined && actual.minCompactionLagMs !== expected.minCompactionLagMs) {
    differences.push(`${topic}: min.compaction.lag.ms ${actual.minCompactionLagMs ?? 'unknown'}, settings say ${expected.minCompactionLagMs}`);
  }
  return differences;
}
