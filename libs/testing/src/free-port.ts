import { createServer } from 'node:net';

/** A TCP port that was free a moment ago on 127.0.0.1 (lets parallel test files avoid fixed ports). */
export async function freePort(): Promise<number> {
  const port = await listenOnce(0);
  if (port === undefined) throw new Error('no free port on 127.0.0.1');
  return port;
}

/**
 * A free port for a Kafka broker of a test's own whose next port, where
 * kafka.sh puts its controller (KAFKA_PORT + 1), is free too: the OS hands
 * out free ports one at a time, and a taken controller port fails the broker's start.
 */
export function freeKafkaPort(): Promise<number> {
  return freePortRun(2);
}

/**
 * The first of `count` consecutive ports that were free a moment ago: a
 * kafka.sh cluster of N nodes takes 2N of them (each node's broker and controller).
 */
export async function freePortRun(count: number): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await freePort();
    let free = true;
    for (let next = port + 1; free && next < port + count; next++) free = (await listenOnce(next)) !== undefined;
    if (free) return port;
  }
  throw new Error(`no ${count} consecutive free ports on 127.0.0.1`);
}

/** Listens on `port` (0: any) and closes at once: the port it got, or undefined when taken. */
function listenOnce(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : undefined));
    });
  });
}
