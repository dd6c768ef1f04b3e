import { topicDifferences } from './topic-admin.service';

const expected = { topic: 'ocpi.evse-status.v1', partitions: 12, replicationFactor: 3, minInsyncReplicas: 2, cleanupPolicy: 'delete' as const };
const matching = { partitions: 12, replicationFactor: 3, minInsyncReplicas: 2, cleanupPolicy: 'delete', minCompactionLagMs: 0 };

describe('topicDifferences', () => {
  it('finds none in a topic as the settings ask, and accepts more replicas than asked', () => {
    expect(topicDifferences(expected, matching)).toEqual([]);
    expect(topicDifferences(expected, { ...matching, replicationFactor: 5 })).toEqual([]);
  });

  it('names each difference', () => {
    expect(topicDifferences(expected, { partitions: 6, replicationFactor: 1, minInsyncReplicas: 1, cleanupPolicy: 'compact', minCompactionLagMs: 0 })).toEqual([
      'ocpi.evse-status.v1: 6 partitions, settings say 12',
      'ocpi.evse-status.v1: replication factor 1, settings say 3',
      'ocpi.evse-status.v1: min.insync.replicas 1, settings say 2',
      'ocpi.evse-status.v1: cleanup.policy compact, settings say delete',
    ]);
  });

  it('checks min.compaction.lag.ms where the spec sets one', () => {
    const locations = { topic: 'ocpi.locations.v1', partitions: 12, replicationFactor: 3, minInsyncReplicas: 2, cleanupPolicy: 'compact' as const, minCompactionLagMs: 3_600_000 };
    const actual = { ...matching, cleanupPolicy: 'compact' };
    expect(topicDifferences(locations, { ...actual, minCompactionLagMs: 3_600_000 })).toEqual([]);
    expect(topicDifferences(locations, actual)).toEqual(['ocpi.locations.v1: min.compaction.lag.ms 0, settings say 3600000']);
  });

  it('says so when the cluster does not describe the topic', () => {
    expect(topicDifferences(expected, undefined)).toEqual(['ocpi.evse-status.v1: not described by the cluster']);
  });
});
