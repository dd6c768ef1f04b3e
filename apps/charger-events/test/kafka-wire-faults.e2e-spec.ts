import { type AppProcess, freeKafkaPort, freePort, locationChanged, pollUntil, publishLocations, startKafkaBroker, stopKafkaBroker, TcpProxy } from '@app/testing';
import { post, startIngestor, StatusTopicReader, uniqueId } from './ingest-test-kit';

interface BatchAnswer {
  results: { index: number; status: 'accepted' | 'rejected'; event_ids?: string[] }[];
}

/** What one sender was told of one event: the truth this suite checks the topic against. */
interface Answered {
  eventId: string;
  status: string;
  timestamp: string;
}

/**
 * Faults on the wire between charger-events and Kafka, through a TCP proxy that
 * the broker advertises, so every connection of the app's clients crosses it.
 * The oracle is the sender's side: every event answered accepted must be on the
 * topic as answered, whatever happened to the requests before it.
 */
describe('charger-events with faults between it and Kafka', () => {
  let brokerPort: number;
  let proxy: TcpProxy;
  let brokers: string;
  let ingestor: AppProcess | undefined;
  const L = uniqueId('W');
  let minute = 0;
  /** The next `count` events of one EVSE (one partition), each at its own time. */
  const events = (count: number) =>
    Array.from({ length: count }, (_, i) => ({
      location_id: L,
      evse_uid: `${L}-1`,
      status: i % 2 === 0 ? 'CHARGING' : 'AVAILABLE',
      timestamp: new Date(Date.UTC(2026, 10, 23, 10, minute++)).toISOString(),
    }));

  /** Posts a batch; the events the answer says were accepted, with what was sent for each. */
  async function postBatch(batch: ReturnType<typeof events>): Promise<{ status: number; accepted: Answered[] }> {
    const response = await post(ingestor!, '/v1/status-events/native/batch', { events: batch });
    if (response.status !== 200) return { status: response.status, accepted: [] };
    const answer = (await response.json()) as BatchAnswer;
    const accepted = answer.results.filter((r) => r.status === 'accepted').map((r) => ({ eventId: r.event_ids![0]!, status: batch[r.index]!.status, timestamp: batch[r.index]!.timestamp }));
    return { status: 200, accepted };
  }

  beforeAll(async () => {
    brokerPort = await freeKafkaPort();
    proxy = await TcpProxy.start({ port: brokerPort }, await freePort());
    brokers = `127.0.0.1:${proxy.port}`;
    startKafkaBroker(brokerPort, { advertisedPort: proxy.port });
    await publishLocations(brokers, [locationChanged(L, 1)]);
    ingestor = await startIngestor(brokers, { KAFKA_ACK_TIMEOUT_MS: '10000' });
  });

  afterAll(async () => {
    await ingestor?.stop();
    await proxy?.close();
    stopKafkaBroker(brokerPort);
  });

  it('never answers accepted for an event the broker did not write, after a produce whose answer was lost', async () => {
    const told: Answered[] = [];
    const first = await postBatch(events(3));
    expect(first.accepted).toHaveLength(3);
    told.push(...first.accepted);

    // The broker appends the next batch; its answer is lost, then the connection dies.
    proxy.set('toClient', { kind: 'blackhole' });
    const lostBatch = events(3);
    const lost = postBatch(lostBatch);
    await pollUntil(
      () => proxy.dropped.toClient,
      (bytes) => bytes > 0,
      { what: 'the produce answer dropped', timeoutMs: 20_000 },
    );
    proxy.refuseNewConnections();
    proxy.resetAll();
    const lostAnswer = await lost;
    expect(lostAnswer.status).toBe(503);

    // A batch of the same size on the same partition: a producer that kept its
    // sequence would have it taken for a duplicate of the lost one, and not written.
    proxy.heal();
    const after = await pollUntil(
      () => postBatch(events(3)),
      (answer) => answer.status === 200,
      { what: 'an answer once the wire is back', timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(after.accepted).toHaveLength(3);
    told.push(...after.accepted);

    const reader = await StatusTopicReader.start(brokers);
    try {
      const allThere = (found: typeof reader.messages) => told.every((t) => found.some((m) => m.value.event_id === t.eventId));
      // On a timeout, what is there is checked below, so the failure names the missing events.
      const onTopic = await pollUntil(() => reader.of(L), allThere, { what: 'every accepted event', timeoutMs: 20_000 }).catch(() => reader.of(L));
      const byId = new Map(onTopic.map((m) => [m.value.event_id as string, m.value]));
      const missing = told.filter((t) => !byId.has(t.eventId));
      expect(missing).toEqual([]);
      for (const t of told) {
        expect(byId.get(t.eventId)).toMatchObject({ status: t.status, event_time: new Date(t.timestamp).toISOString() });
      }
      // The lost batch was applied: the fault made an indeterminate write, not a refusal.
      const landedAnyway = onTopic.filter((m) => lostBatch.some((e) => new Date(e.timestamp).toISOString() === m.value.event_time));
      expect(landedAnyway).toHaveLength(lostBatch.length);
    } finally {
      await reader.stop();
    }
  });
});
