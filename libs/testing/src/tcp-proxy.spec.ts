import { connect, createServer, type Server, type Socket } from 'node:net';
import { pollUntil } from './poll-until';
import { TcpProxy } from './tcp-proxy';

/** An upstream that answers every chunk with "ok:<chunk>", and counts what it received. */
class EchoServer {
  received = '';
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<EchoServer> {
    const server = createServer();
    const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
    const echo = new EchoServer(server, port);
    server.on('connection', (socket) => {
      socket.on('error', () => undefined);
      socket.on('data', (chunk) => {
        echo.received += chunk.toString();
        socket.write(`ok:${chunk.toString()}`);
      });
    });
    return echo;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

interface Client {
  socket: Socket;
  text: () => string;
  error: () => NodeJS.ErrnoException | undefined;
}

async function client(port: number): Promise<Client> {
  let text = '';
  let error: NodeJS.ErrnoException | undefined;
  const socket = connect({ host: '127.0.0.1', port });
  socket.on('data', (chunk) => (text += chunk.toString()));
  socket.on('error', (e) => (error = e));
  // A connection the proxy resets at once may report the reset instead of the connect.
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()).once('close', () => resolve()));
  return { socket, text: () => text, error: () => error };
}

describe('TcpProxy', () => {
  let echo: EchoServer;
  let proxy: TcpProxy;
  const clients: Client[] = [];
  const open = async () => {
    const c = await client(proxy.port);
    clients.push(c);
    return c;
  };

  beforeEach(async () => {
    echo = await EchoServer.start();
    proxy = await TcpProxy.start({ port: echo.port });
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) c.socket.destroy();
    await proxy.close();
    await echo.close();
  });

  it('forwards both ways', async () => {
    const c = await open();
    c.socket.write('a');
    await pollUntil(c.text, (text) => text === 'ok:a', { what: 'the answer', timeoutMs: 2000 });
    expect(proxy.forwarded).toEqual({ toUpstream: 1, toClient: 4 });
  });

  it('loses an answer while the request is applied, and keeps that connection silent after heal', async () => {
    const c = await open();
    proxy.set('toClient', { kind: 'blackhole' });
    c.socket.write('applied');
    await pollUntil(
      () => proxy.dropped.toClient,
      (bytes) => bytes > 0,
      { what: 'the dropped answer', timeoutMs: 2000 },
    );
    expect(echo.received).toBe('applied');
    expect(c.text()).toBe('');

    proxy.heal();
    c.socket.write('again');
    await pollUntil(
      () => echo.received,
      (received) => received === 'appliedagain',
      { what: 'the second request upstream', timeoutMs: 2000 },
    );
    await pollUntil(
      () => proxy.dropped.toClient,
      (bytes) => bytes === 'ok:applied'.length + 'ok:again'.length,
      { what: 'the half-open link dropping', timeoutMs: 2000 },
    );
    expect(c.text()).toBe('');

    const fresh = await open();
    fresh.socket.write('new');
    await pollUntil(fresh.text, (text) => text === 'ok:new', { what: 'a new connection passing', timeoutMs: 2000 });
  });

  it('drops requests in a blackhole toward the server', async () => {
    const c = await open();
    proxy.set('toUpstream', { kind: 'blackhole' });
    c.socket.write('lost');
    await pollUntil(
      () => proxy.dropped.toUpstream,
      (bytes) => bytes === 4,
      { what: 'the dropped request', timeoutMs: 2000 },
    );
    expect(echo.received).toBe('');
  });

  it('delays in order', async () => {
    const c = await open();
    proxy.set('toUpstream', { kind: 'delay', delayMs: 200 });
    c.socket.write('1');
    // Separate chunks: the second, with a shorter delay, must not overtake the first.
    await new Promise<void>((resolve) => c.socket.write('', () => resolve()));
    proxy.set('toUpstream', { kind: 'delay', delayMs: 1 });
    c.socket.write('2');
    await pollUntil(
      () => echo.received,
      (received) => received.length === 2,
      { what: 'both chunks upstream', timeoutMs: 2000 },
    );
    expect(echo.received).toBe('12');
  });

  it('resets open connections and refuses new ones until healed', async () => {
    const c = await open();
    // The client's connect can complete before the proxy has accepted it.
    await pollUntil(
      () => proxy.openConnections,
      (count) => count === 1,
      { what: 'the proxy accepting', timeoutMs: 2000 },
    );
    proxy.resetAll();
    await pollUntil(c.error, (error) => error !== undefined, { what: 'the reset', timeoutMs: 2000 });
    expect(c.error()!.code).toBe('ECONNRESET');

    proxy.refuseNewConnections();
    const refused = await open();
    await pollUntil(refused.error, (error) => error !== undefined, { what: 'the refusal', timeoutMs: 2000 });
    expect(proxy.openConnections).toBe(0);

    proxy.heal();
    const fresh = await open();
    fresh.socket.write('x');
    await pollUntil(fresh.text, (text) => text === 'ok:x', { what: 'an answer after heal', timeoutMs: 2000 });
  });
});
