/**
 * A TCP proxy that makes a bad network between a kiosk and PostgreSQL. Each connection gets, by
 * the seeded generator: a latency added to every chunk (the order of bytes kept); perhaps a cut at
 * a random byte (the bytes before it forwarded, then both sides reset); perhaps, instead, a
 * half-open hold at a random byte (nothing more forwarded either way, neither side told, until
 * the hold ends and both are reset), as a dead NAT entry or a pulled cable upstream would leave it.
 * The test support's TcpProxy cuts whole chunks by content; this one needs byte positions and time.
 */
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { Random } from './random.js';

export interface FaultSettings {
  /** Latency per connection is drawn from 0 to this, in ms. */
  latencyMs: number;
  /** Chance that a connection is cut, somewhere in its first `faultWithinBytes` bytes. */
  cutChance: number;
  /** Chance that a connection is held half-open instead. */
  holdChance: number;
  holdMs: [number, number];
  faultWithinBytes: number;
}

// A connection's start-up and first query pass this many bytes.
const firstCutWithinBytes = 2_000;

export interface FaultTally { connections: number; cuts: number; holds: number; bytes: number }

export class FaultProxy {
  readonly tally: FaultTally = { connections: 0, cuts: 0, holds: 0, bytes: 0 };
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private faulty = true;

  private constructor(private readonly server: Server, readonly port: number) {}

  static async start(targetPort: number, rng: Random, settings: FaultSettings): Promise<FaultProxy> {
    let proxy: FaultProxy | null = null;
    const server = createServer((client) => proxy?.accept(client, targetPort, rng, settings));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new FaultProxy(server, (server.address() as AddressInfo).port);
    return proxy;
  }

  /** Faults on (the default) or off: off, new connections are passed straight through, so a run can finish. */
  setFaulty(faulty: boolean): void {
    this.faulty = faulty;
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => { this.timers.delete(timer); run(); }, ms);
    this.timers.add(timer);
  }

  private accept(client: Socket, targetPort: number, rng: Random, settings: FaultSettings): void {
    this.tally.connections += 1;
    const upstream = connect(targetPort, '127.0.0.1');
    const latency = this.faulty ? rng.int(0, settings.latencyMs) : 0;
    const roll = rng.next();
    // Until one connection has been cut, each faulty one is cut early: a run whose connections all
    // carried fewer bytes than their drawn fault point (a loaded machine, fewer reconnections) would
    // otherwise test no cut at all.
    const noCutYet = this.faulty && this.tally.cuts === 0;
    const faultAt = rng.int(1, noCutYet ? firstCutWithinBytes : settings.faultWithinBytes);
    const fault: 'cut' | 'hold' | null = !this.faulty ? null : noCutYet || roll < settings.cutChance ? 'cut'
      : roll < settings.cutChance + settings.holdChance ? 'hold' : null;
    const holdMs = rng.int(...settings.holdMs);
    let passed = 0;
    let state: 'open' | 'held' | 'closed' = 'open';
    const pair = [client, upstream];
    const closeBoth = () => {
      state = 'closed';
      for (const socket of pair) socket.destroy();
    };
    for (const socket of pair) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        // A held connection stays held even when one side gives up: the other is not told until the hold ends.
        if (state === 'open') closeBoth();
      });
    }
    const forward = (from: Socket, to: Socket) => {
      from.on('data', (chunk: Buffer) => {
        if (state !== 'open') return;
        let part = chunk;
        if (fault !== null && passed + chunk.length >= faultAt) {
          part = chunk.subarray(0, faultAt - passed);
          if (fault === 'cut') {
            this.tally.cuts += 1;
            state = 'closed';
          } else {
            this.tally.holds += 1;
            state = 'held';
            this.later(holdMs, closeBoth);
          }
        }
        passed += part.length;
        this.tally.bytes += part.length;
        const after = state;
        const send = () => {
          if (to.destroyed) return;
          if (part.length > 0) to.write(part);
          if (after === 'closed') closeBoth();
        };
        if (latency === 0) send();
        else this.later(latency, send);
      });
    };
    forward(client, upstream);
    forward(upstream, client);
  }
}
