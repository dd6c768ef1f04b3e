export const KAFKA_OPTIONS = Symbol('KAFKA_OPTIONS');

export interface KafkaOptions {
  clientId: string;
  brokers: string[];
  /** Partitions of topics this app creates. */
  topicPartitions: number;
}
