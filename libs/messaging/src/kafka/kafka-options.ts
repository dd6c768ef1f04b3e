import type { KafkaSecurity } from './kafka-security';

export const KAFKA_OPTIONS = Symbol('KAFKA_OPTIONS');

export interface KafkaOptions {
  clientId: string;
  brokers: string[];
  /** Partitions of topics this app creates. */
  topicPartitions: number;
  /** Replication factor and min.insync.replicas of the topics this app creates (both 1 when absent). */
  topicReplicationFactor?: number;
  topicMinInsyncReplicas?: number;
  /**
   * Run the producer on a thread of its own (kafka-producer-thread.client.ts):
   * for an app whose event loop is busy producing at high rates (charger-events).
   */
  producerThread?: boolean;
  /** Topics the app writes: its producer's readiness needs a leader for each of their partitions. */
  producedTopics?: string[];
  /** How long KafkaAckClient.emit waits for the ack before it fails (PublishTimeoutError); absent: as long as the producer retries. */
  publishTimeoutMs?: number;
  /** TLS and SASL for every client of the app (kafka-security.ts); absent: plaintext, no login. */
  security?: KafkaSecurity;
}
