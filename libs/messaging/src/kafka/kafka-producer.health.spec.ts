import { KafkaProducerHealthIndicator } from './kafka-producer.health';
import type { KafkaProducerService } from './kafka-producer.service';

const OPTIONS = { clientId: 'spec', brokers: ['127.0.0.1:1'], topicPartitions: 3, producedTopics: ['ocpi.evse-status.v1'] };

function indicator(ping: (topics: string[]) => Promise<void>, lastFailure?: { message: string; at: Date }) {
  const producer = { ping: jest.fn(ping), lastFailure } as unknown as KafkaProducerService;
  return { producer, indicator: new KafkaProducerHealthIndicator(producer, OPTIONS) };
}

describe('KafkaProducerHealthIndicator', () => {
  it("is up when the producer's own connections reach a leader for each produced topic", async () => {
    const { producer, indicator: check } = indicator(async () => undefined);
    await expect(check.check()).resolves.toEqual({ kafka_producer: { status: 'up' } });
    expect(producer.ping).toHaveBeenCalledWith(['ocpi.evse-status.v1']);
  });

  it("is down with the producer's reason, and shows the last failed send", async () => {
    const at = new Date('2026-12-03T10:00:00Z');
    const { indicator: check } = indicator(async () => Promise.reject(new Error('3 partition(s) of t have no leader')), { message: 'timeout', at });
    await expect(check.check()).resolves.toEqual({
      kafka_producer: { status: 'down', message: '3 partition(s) of t have no leader', last_failure: 'timeout', last_failure_at: at.toISOString() },
    });
  });

  it('is down when the producer does not answer in time', async () => {
    jest.useFakeTimers();
    try {
      const { indicator: check } = indicator(() => new Promise(() => undefined));
      const result = check.check();
      await jest.advanceTimersByTimeAsync(1600);
      await expect(result).resolves.toEqual({ kafka_producer: { status: 'down', message: 'no answer within 1500 ms' } });
    } finally {
      jest.useRealTimers();
    }
  });
});
