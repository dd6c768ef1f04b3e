import { TOPICS } from '@app/messaging';
import {
  acceptedCount,
  type AppProcess,
  checkSenderTruth,
  freePortRun,
  KafkaCluster,
  killAndWait,
  locationChanged,
  pollUntil,
  postRecordedBatch,
  publishLocations,
  type SentRequest,
  type WrittenEvent,
} from '@app/testing';
import { Kafka, logLevel } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { INGEST_KEY, startIngestor, StatusTopicReader, uniqueId } from './ingest-test-kit';

const EVSES = 12;
const STALL_MS = 8000;
const SENDERS = 3;

/**
 * charger-events on a 3-broker cluster (topics with 3 replicas, min ISR 2)
 * while the leader of a busy partition is killed (kill -9), a broker is
 * stalled past the request timeout (SIGSTOP, then SIGCONT) and the whole
 * cluster is restarted, under a steady load. The oracle is the sender's side:
 * every event answered accepted is on the topic as answered.
 */
describe('charger-events on a 3-broker Kafka cluster', () => {
  let cluster: KafkaCluster;
  let ingestor: AppProcess | undefined;
  const L = uniqueId('K');
  const requests: SentRequest[] = [];
  let sending = true;
  let clock = Date.UTC(2026, 10, 23, 10);
  const senders: Promise<void>[] = [];

  /** Senders that each wait for their answer before the next batch, until told to stop. */
  function startLoad(): void {
    for (let s = 0; s < SENDERS; s++) {
      senders.push(
        (async () => {
          while (sending) {
            const events = Array.from({ length: 10 }, (_, i) => ({
              location_id: L,
              evse_uid: `${L}-${((s * 10 + i) % EVSES) + 1}`,
              status: i % 2 === 0 ? 'CHARGING' : 'AVAILABLE',
              timestamp: new Date((clock += 1000)).toISOString(),
            }));
            requests.push(await postRecordedBatch(ingestor!.url, INGEST_KEY, events, 15_000));
          }
        })(),
      );
    }
  }

  const accepted = () => requests.reduce((sum, r) => sum + acceptedCount(r), 0);
  /** Waits until `more` further events were answered accepted: the load goes on through (or after) the fault. */
  const progress = (more: number, what: string) => {
    const target = accepted() + more;
    return pollUntil(accepted, (count) => count >= target, { what, timeoutMs: 90_000, intervalMs: 200 });
  };

  /** The node leading partition 0 of the status topic (all EVSE keys of the load are spread over the partitions). */
  async function leaderOfBusyPartition(): Promise<number> {
    const kafka = new Kafka({ clientId: 'cluster-test', brokers: cluster.brokers.split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [topic] = (await admin.fetchTopicMetadata({ topics: [TOPICS.evseStatus] })).topics;
      const leader = topic!.partitions.find((p) => p.partitionId === 0)!.leader;
      const broker = (await admin.describeCluster()).brokers.find((b) => b.nodeId === leader)!;
      return cluster.nodeOf(broker.port);
    } finally {
      await admin.disconnect();
    }
  }

  /** The leader, read again while a node that just came back still answers "does not host this topic-partition". */
  const leaderNow = () => pollUntil(leaderOfBusyPartition, () => true, { what: 'the leader of partition 0', intervalMs: 500 });

  beforeAll(async () => {
    cluster = new KafkaCluster(await freePortRun(2 * KafkaCluster.NODES));
    await cluster.start();
    await publishLocations(cluster.brokers, [locationChanged(L, EVSES)]);
    ingestor = await startIngestor(cluster.brokers, { KAFKA_TOPIC_REPLICATION_FACTOR: '3', KAFKA_TOPIC_MIN_INSYNC_REPLICAS: '2', KAFKA_ACK_TIMEOUT_MS: '10000' });
    startLoad();
  }, 180_000);

  afterAll(async () => {
    sending = false;
    await Promise.all(senders);
    await ingestor?.stop();
    await cluster?.stop();
  }, 120_000);

  it('answers accepted only for events written, through a leader kill, a stalled broker and a cluster restart', async () => {
    await progress(50, 'accepted events before any fault');

    const leader = await leaderNow();
    await killAndWait(cluster.pid(leader));
    await progress(100, 'accepted events with the leader killed');
    await cluster.startNode(leader);

    const stalled = await leaderNow();
    const pid = cluster.pid(stalled);
    process.kill(pid, 'SIGSTOP');
    try {
      // The fault's length, not a wait for a condition: it outlives the producer's 5 s request timeout.
      await sleep(STALL_MS);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await progress(100, 'accepted events after the stall');

    await cluster.stop();
    await cluster.start();
    await progress(100, 'accepted events after the cluster restart');

    sending = false;
    await Promise.all(senders);
    const reader = await StatusTopicReader.start(cluster.brokers);
    try {
      const toldAccepted = accepted();
      const written = () => reader.of(L).map((m): WrittenEvent => ({ ...(m.value as unknown as WrittenEvent), correlation_id: m.correlationId }));
      const allThere = () => checkSenderTruth(requests, written()).acceptedOnKafka >= toldAccepted;
      // On a timeout, what is there is checked below, so the failure names the missing events.
      await pollUntil(allThere, Boolean, { what: 'every accepted event on the topic', timeoutMs: 30_000 }).catch(() => undefined);
      const truth = checkSenderTruth(requests, written());
      console.log(
        `cluster: ${truth.sent} sent, ${truth.accepted} accepted, ${truth.acceptedOnKafka} on Kafka as answered, ${truth.refused} refused, ${truth.refusedButWritten} refused but written`,
      );
      expect(truth.violations).toEqual([]);
      expect(truth.acceptedOnKafka).toBe(truth.accepted);
    } finally {
      await reader.stop();
    }
  }, 600_000);
});
