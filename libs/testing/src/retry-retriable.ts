import { setTimeout as sleep } from 'node:timers/promises';

/**
 * `work` again while it fails with an error Kafka calls retriable, until `timeoutMs`:
 * a fresh broker may answer UNKNOWN_TOPIC_OR_PARTITION or NOT_LEADER for a topic
 * it has just created, and kafkajs's waitForLeaders does not retry the former.
 */
export async function retryRetriable<T>(work: () => Promise<T>, timeoutMs = 30_000, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (!(error as { retriable?: boolean }).retriable || Date.now() > deadline) throw error;
      await sleep(intervalMs);
    }
  }
}
