import { type AppProcess, locationChanged, pollUntil, publishLocations, TEST_KAFKA_PORT } from '@app/testing';
import { startIngestor, uniqueId } from './ingest-test-kit';

/**
 * Existing topics are checked against the settings at start: one that differs
 * keeps the app not ready, and readiness says what differs. The shared broker's
 * topics have 3 partitions, one replica and min.insync.replicas 1.
 */
describe('charger-events on topics that differ from its settings', () => {
  let ingestor: AppProcess | undefined;

  afterAll(async () => {
    await ingestor?.stop();
  });

  it('is not ready, and names each difference', async () => {
    const brokers = `127.0.0.1:${TEST_KAFKA_PORT}`;
    // Creates the topics as every other spec finds them, if this one runs first.
    await publishLocations(brokers, [locationChanged(uniqueId('T'), 1)]);
    ingestor = await startIngestor(brokers, { KAFKA_TOPIC_PARTITIONS: '5' }, { waitReady: false });
    const body = await pollUntil(
      async () => {
        const response = await fetch(`${ingestor!.url}/health/ready`);
        return { status: response.status, text: await response.text() };
      },
      ({ text }) => text.includes('kafka_topics') && !text.includes('topics not checked yet'),
      { what: 'the topics checked' },
    );
    expect(body.status).toBe(503);
    const topics = (JSON.parse(body.text) as { details: Record<string, { status: string; message?: string }> }).details.kafka_topics!;
    expect(topics.status).toBe('down');
    expect(topics.message).toContain('ocpi.evse-status.v1: 3 partitions, settings say 5');
    expect(topics.message).toContain('ocpi.locations.v1: 3 partitions, settings say 5');
  });
});
