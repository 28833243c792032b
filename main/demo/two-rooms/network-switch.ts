/**
 * A TCP proxy between a kiosk and PostgreSQL: the network a demonstrator (or a test) can pull.
 * `cut()` drops every open connection and refuses new ones until `restore()`; `hold()` stops every
 * byte without closing anything (a half-open network) until `resume()`; a watcher sees each
 * chunk in either direction before it is forwarded and may cut the connection (or do anything
 * else, such as SIGKILL the kiosk) at exactly that byte.
 */
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

export type Direction = 'toServer' | 'toClient';
/** Return 'cut' to drop this connection before the chunk is forwarded. */
export type Watcher = (chunk: Buffer, direction: Direction) => 'cut' | 'forward';

export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private blocked = false;
  /** Chunks stopped by `hold()`, in the order they came, each with the socket it was going to. */
  private held: Array<{ to: Socket; chunk: Buffer }> | null = null;
  private watcher: Watcher | null = null;

  private constructor(private readonly server: Server, readonly port: number) {}

  static async start(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
    let proxy: TcpProxy | null = null;
    const server = createServer((client) => proxy?.accept(client, targetPort, targetHost));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new TcpProxy(server, (server.address() as AddressInfo).port);
    return proxy;
  }

  /** Pulls the network: open connections are reset, new ones refused at once. */
  cut(): void {
    this.blocked = true;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  restore(): void {
    this.blocked = false;
  }

  /**
   * The network goes quiet without closing, as one that silently drops packets does: connections
   * stay open and new ones are accepted, but no byte gets through either way, so a peer waiting
   * for an answer hears neither the answer nor an error. A side that closes its own socket still
   * closes the other, so a client that gives up on a held connection leaves no session behind.
   */
  hold(): void {
    this.held ??= [];
  }

  /** The network answers again: what was held is delivered, as TCP would retransmit it. */
  resume(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const { to, chunk } of held) if (!to.destroyed) to.write(chunk);
  }

  watch(watcher: Watcher | null): void {
    this.watcher = watcher;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket, targetPort: number, targetHost: string): void {
    if (this.blocked) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, targetHost);
    const pair = [client, upstream];
    for (const socket of pair) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        for (const other of pair) other.destroy();
      });
    }
    this.pipe(client, upstream, 'toServer');
    this.pipe(upstream, client, 'toClient');
  }

  private pipe(from: Socket, to: Socket, direction: Direction): void {
    from.on('data', (chunk: Buffer) => {
      if (this.watcher?.(chunk, direction) === 'cut') {
        from.destroy();
        to.destroy();
        return;
      }
      if (this.held) this.held.push({ to, chunk });
      else to.write(chunk);
    });
  }
}
