import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * What the proxy does to the bytes of one direction:
 * - `pass`: forwards them;
 * - `delay`: forwards them `delayMs` later, in order;
 * - `blackhole`: drops them, and every connection that lost bytes stays silent
 *   in that direction for good while its sockets stay open: a half-open
 *   connection, as after a lost response or a dead peer behind a NAT. New
 *   connections pass again once the mode is back to `pass` or `delay`.
 */
export type ProxyMode = { kind: 'pass' } | { kind: 'delay'; delayMs: number } | { kind: 'blackhole' };

/** `toUpstream`: what the client sends (requests); `toClient`: what the server answers (responses). */
export type ProxyDirection = 'toUpstream' | 'toClient';

interface Link {
  client: Socket;
  upstream: Socket;
  /** Directions in which this link dropped bytes: it never forwards in them again. */
  silenced: Set<ProxyDirection>;
  /** When the last delayed chunk of each direction is due: a later chunk never overtakes it. */
  due: Record<ProxyDirection, number>;
}

/**
 * A TCP proxy for fault tests: put it between a client and a server (Kafka,
 * PostgreSQL, the IOP) to lose, delay or reset what crosses the wire while both
 * ends stay up, which stopping a process cannot show: a request that was
 * applied while its answer was lost.
 */
export class TcpProxy {
  private readonly links = new Set<Link>();
  private readonly modes: Record<ProxyDirection, ProxyMode> = { toUpstream: { kind: 'pass' }, toClient: { kind: 'pass' } };
  private refusing = false;
  /** Bytes forwarded per direction, to wait on ("a request went through") rather than sleep. */
  readonly forwarded: Record<ProxyDirection, number> = { toUpstream: 0, toClient: 0 };
  /** Bytes dropped per direction. */
  readonly dropped: Record<ProxyDirection, number> = { toUpstream: 0, toClient: 0 };
  /** Connections reset at once while refusing (see refuseNewConnections). */
  refused = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  /** Listens on `listenPort` (0: any free one) of 127.0.0.1 and forwards to `upstream`. */
  static async start(upstream: { host?: string; port: number }, listenPort = 0): Promise<TcpProxy> {
    const server = createServer();
    const port = await new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(listenPort, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
    });
    const proxy = new TcpProxy(server, port);
    server.on('connection', (client) => proxy.accept(client, upstream.host ?? '127.0.0.1', upstream.port));
    return proxy;
  }

  /** Sets what happens to bytes in `direction` from now on. */
  set(direction: ProxyDirection, mode: ProxyMode): void {
    this.modes[direction] = mode;
  }

  /** Back to forwarding everything, both ways, for new connections and for those not silenced. */
  heal(): void {
    this.set('toUpstream', { kind: 'pass' });
    this.set('toClient', { kind: 'pass' });
    this.refusing = false;
  }

  /** New connections are reset at once (a peer that is down) until heal(). */
  refuseNewConnections(): void {
    this.refusing = true;
  }

  /** Resets every open connection (RST to both ends), as a peer's crash or a middlebox would. */
  resetAll(): void {
    for (const link of this.links) this.resetLink(link);
  }

  get openConnections(): number {
    return this.links.size;
  }

  async close(): Promise<void> {
    this.resetAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket, host: string, port: number): void {
    if (this.refusing) {
      this.refused += 1;
      client.resetAndDestroy();
      return;
    }
    const upstream = connect({ host, port });
    const link: Link = { client, upstream, silenced: new Set(), due: { toUpstream: 0, toClient: 0 } };
    this.links.add(link);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    client.on('data', (chunk: Buffer) => this.forward(link, 'toUpstream', chunk));
    upstream.on('data', (chunk: Buffer) => this.forward(link, 'toClient', chunk));
    // One end closing or failing closes the other, as a direct connection would.
    const end = () => this.resetLink(link);
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  }

  private forward(link: Link, direction: ProxyDirection, chunk: Buffer): void {
    const mode = this.modes[direction];
    if (mode.kind === 'blackhole' || link.silenced.has(direction)) {
      link.silenced.add(direction);
      this.dropped[direction] += chunk.length;
      return;
    }
    const target = direction === 'toUpstream' ? link.upstream : link.client;
    const write = () => {
      if (target.destroyed) return;
      this.forwarded[direction] += chunk.length;
      target.write(chunk);
    };
    const due = Math.max(link.due[direction], mode.kind === 'delay' ? Date.now() + mode.delayMs : 0);
    link.due[direction] = due;
    if (due > Date.now()) setTimeout(write, due - Date.now());
    else write();
  }

  private resetLink(link: Link): void {
    if (!this.links.delete(link)) return;
    for (const socket of [link.client, link.upstream]) {
      if (socket.destroyed) continue;
      // A socket still connecting cannot send an RST; destroying it is the same to its peer.
      if (socket.connecting) socket.destroy();
      else socket.resetAndDestroy();
    }
  }
}
