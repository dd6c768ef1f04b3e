// Stands in for kafka-producer.worker.js in kafka-producer-thread.client.spec.ts:
// answers a send by its first value: "ok" → acknowledged, "echo" → an error
// carrying the columns it received, "exit" → the thread dies without answering;
// a ping of topic "down" fails, any other succeeds.
const { parentPort } = require('node:worker_threads');

parentPort.on('message', (request) => {
  if (request.type === 'close') return parentPort.close();
  if (request.type === 'ping') {
    return parentPort.postMessage(request.topics[0] === 'down' ? { id: request.id, error: 'no leader' } : { id: request.id });
  }
  const first = request.messages.values[0];
  if (first === 'exit') process.exit(3);
  parentPort.postMessage(first === 'echo' ? { id: request.id, error: JSON.stringify(request.messages) } : { id: request.id });
});
