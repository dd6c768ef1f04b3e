import { parentPort, workerData } from 'node:worker_threads';
import { createProducerClient } from './kafka-producer.client';
import type { KafkaOptions } from './kafka-options';
import { fromColumns, type ProducerThreadRequest, type ProducerThreadReply } from './kafka-producer-thread.client';

/**
 * The producer's thread (see kafka-producer-thread.client.ts): sends what the
 * app's thread posts, in the order posted, and answers each request (a send or
 * a readiness ping) by its id.
 */
const client = createProducerClient(workerData as KafkaOptions);
const port = parentPort!;

port.on('message', (request: ProducerThreadRequest) => {
  if (request.type === 'close') {
    void client.close().finally(() => port.close());
    return;
  }
  const done = request.type === 'ping' ? client.ping(request.topics) : client.send(fromColumns(request.messages));
  done.then(
    () => port.postMessage({ id: request.id } satisfies ProducerThreadReply),
    (error: unknown) => port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies ProducerThreadReply),
  );
});
