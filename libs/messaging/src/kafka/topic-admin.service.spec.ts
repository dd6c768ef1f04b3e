import { topicDifferences } from './topic-admin.service';

const expected = { topic: 'ocpi.evse-status.v1', partitions: 12, replicationFactor: 3, minInsyncReplicas: 2, cleanupPolicy: 'delete' as const };
const matching = { partitions: 12, replicationFactor: 3, minInsyncReplicas: 2, cleanupPolicy: 'delete' };

describe('topicDifferences', () => {
  it('finds none in a topic as the settings ask, and accepts more replicas than asked', () => {
    expect(topicDifferences(expected, matching)).toEqual([]);
    expect(topicDifferences(expected, { ...matching, replicationFactor: 5 })).toEqual([]);
  });

  it('names each difference', () => {
    expect(topicDifferences(expected, { partitions: 6, replicationFactor: 1, minInsyncReplicas: 1, cleanupPolicy: 'compact' })).toEqual([
      'ocpi.evse-status.v1: 6 partitions, settings say 12',
      'ocpi.evse-status.v1: replication factor 1, settings say 3',
      'ocpi.evse-status.v1: min.insync.replicas 1, settings say 2',
      'ocpi.evse-status.v1: cleanup.policy compact, settings say delete',
    ]);
  });

  it('says so when the cluster does not describe the topic', () => {
    expect(topicDifferences(expected, undefined)).toEqual(['ocpi.evse-status.v1: not described by the cluster']);
  });
});
