/**
 * Every Kafka topic of the pipeline, defined once. Topics are created by the
 * apps at start (TopicAdminService), never by broker auto-creation, so their
 * partition count and cleanup policy are what we say here.
 */
export const TOPICS = {
  /** EVSE status changes, key = EVSE key (see evseKey), value = EvseStatusEventV1. */
  evseStatus: 'ocpi.evse-status.v1',
  /** Every change of a stored Location, compacted: key = Location id, value = LocationChangedV1. */
  locations: 'ocpi.locations.v1',
  /**
   * What chargers last said of each EVSE's connectors, compacted: key = EVSE
   * key, value = ConnectorMemoryV1, the whole memory of the EVSE. charger-events
   * reads it back at start, so a restart folds from a full view.
   */
  connectorMemory: 'ocpi.connector-memory.v1',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

export interface TopicSpec {
  topic: TopicName;
  compacted: boolean;
  /**
   * min.compaction.lag.ms of a compacted topic: a consumer lagging less than
   * this reads every message, not only each key's newest.
   */
  minCompactionLagMs?: number;
}

export const TOPIC_SPECS: readonly TopicSpec[] = [
  { topic: TOPICS.evseStatus, compacted: false },
  // An hour: gireve-push and charger-events read every Location change unless they lag more (then its newest snapshot).
  { topic: TOPICS.locations, compacted: true, minCompactionLagMs: 3_600_000 },
  { topic: TOPICS.connectorMemory, compacted: true },
];

/** The configs a topic of this spec is created with (min.insync.replicas aside: it comes from the settings). */
export function topicConfigEntries(spec: Pick<TopicSpec, 'compacted' | 'minCompactionLagMs'>): { name: string; value: string }[] {
  return [
    { name: 'cleanup.policy', value: spec.compacted ? 'compact' : 'delete' },
    ...(spec.minCompactionLagMs === undefined ? [] : [{ name: 'min.compaction.lag.ms', value: String(spec.minCompactionLagMs) }]),
  ];
}
