import { type AppProcess, freeKafkaPort, locationChanged, pollUntil, publishLocations, startKafkaBroker, stopKafkaBroker } from '@app/testing';
import { post, startIngestor, StatusTopicReader, uniqueId } from './ingest-test-kit';

/**
 * With Kafka stopped, an event must get 503 (the sender keeps it and retries),
 * never a 202 that would be lost. A broker of its own, so the shared one stays up.
 */
describe('charger-events when Kafka is down', () => {
  let port: number;
  let brokers: string;
  let ingestor: AppProcess | undefined;
  const L = uniqueId('L');
  const event = (status: string, timestamp: string) => ({ location_id: L, evse_uid: `${L}-1`, status, timestamp });

  beforeAll(async () => {
    port = await freeKafkaPort();
    brokers = `127.0.0.1:${port}`;
    startKafkaBroker(port);
    await publishLocations(brokers, [locationChanged(L, 1)]);
    ingestor = await startIngestor(brokers, { KAFKA_ACK_TIMEOUT_MS: '2000' });
  });

  afterAll(async () => {
    await ingestor?.stop();
    stopKafkaBroker(port);
  });

  it('answers 503 while the broker is stopped, and 202 again once it is back, losing no accepted event', async () => {
    expect((await post(ingestor!, '/v1/status-events/native', event('CHARGING', '2026-11-23T10:00:00Z'))).status).toBe(202);

    stopKafkaBroker(port);
    const duringOutage = await post(ingestor!, '/v1/status-events/native', event('AVAILABLE', '2026-11-23T10:01:00Z'), { 'x-correlation-id': `${L}-outage` });
    expect(duringOutage.status).toBe(503);
    expect(await duringOutage.json()).toMatchObject({ error: 'kafka_unavailable' });
    // charger-events writes no request logs: its error line is what names the refused request (it reaches us through a pipe).
    const refusal = await pollUntil(
      () => ingestor!.logs.split('\n').find((line) => line.includes('answered 503') && line.includes(`${L}-outage`)),
      (line) => line !== undefined,
      { what: "the 503's error line", timeoutMs: 10_000, intervalMs: 50 },
    );
    expect(JSON.parse(refusal!)).toMatchObject({ level: 50, correlation_id: `${L}-outage` });
    // A batch too: its answer, rendered before the wait, is dropped for the 503.
    const batchDuringOutage = await post(ingestor!, '/v1/status-events/native/batch', { events: [event('AVAILABLE', '2026-11-23T10:01:30Z')] });
    expect(batchDuringOutage.status).toBe(503);
    expect(await batchDuringOutage.json()).toMatchObject({ error: 'kafka_unavailable' });
    const ready = await fetch(`${ingestor!.url}/health/ready`);
    expect(ready.status).toBe(503);

    startKafkaBroker(port);
    await pollUntil(
      async () => (await post(ingestor!, '/v1/status-events/native', event('BLOCKED', '2026-11-23T10:02:00Z'))).status,
      (status) => status === 202,
      { what: 'a 202 after the broker restarted', timeoutMs: 60_000, intervalMs: 500 },
    );

    // Every event answered 202 is on the topic.
    const reader = await StatusTopicReader.start(brokers);
    try {
      const published = await reader.waitFor(L, 2);
      const statuses = published.map((m) => m.value.status);
      expect(statuses[0]).toBe('CHARGING');
      expect(statuses).toContain('BLOCKED');
    } finally {
      await reader.stop();
    }
  });
});
