import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { Host } from '../../main/host/host.js';
import { FromHost, type Intention, type Reply, type RoomView } from '../../shared/contract/index.js';

/** Sends an intention to an in-process host, as a screen would, and returns the reply. */
export function ask(host: Host, intention: Intention): Reply {
  const answer = host.receive({ requestId: randomUUID(), intention });
  if (!answer) throw new Error('The host gave no reply');
  return answer.reply;
}

export function accepted(reply: Reply): string | null {
  if (!reply.ok) throw new Error(`Refused: ${reply.reason}`);
  return reply.visitId;
}

/** Resolves with the first room view (current or pushed later) that satisfies the predicate. */
export function roomWhere(host: Host, predicate: (room: RoomView) => boolean, timeoutMs = 15_000): Promise<RoomView> {
  const now = host.room();
  if (predicate(now)) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { stop(); reject(new Error('No room view matched in time')); }, timeoutMs);
    const stop = host.onRoom((room) => {
      if (!predicate(room)) return;
      clearTimeout(timer);
      stop();
      resolve(room);
    });
  });
}

/** A screen's connection to a browser shell over its WebSocket, validated like the renderer's. */
export class ShellConnection {
  private latest: RoomView | null = null;
  private readonly waiters = new Set<() => void>();
  private readonly replies = new Map<string, (reply: Reply) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = FromHost.parse(JSON.parse(data.toString()));
      if (message.kind === 'room') this.latest = message.room;
      else this.replies.get(message.requestId)?.(message.reply);
      for (const wake of this.waiters) wake();
    });
  }

  static open(url: string): Promise<ShellConnection> {
    const socket = new WebSocket(new URL('host', url).toString().replace(/^http/, 'ws'));
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new ShellConnection(socket)));
      socket.once('error', reject);
    });
  }

  ask(intention: Intention): Promise<Reply> {
    return this.askAnything(intention);
  }

  /** Sends whatever it is given as the intention, as a hostile or broken screen might. */
  askAnything(intention: unknown): Promise<Reply> {
    const requestId = randomUUID();
    return new Promise((resolve) => {
      this.replies.set(requestId, resolve);
      this.socket.send(JSON.stringify({ requestId, intention }));
    });
  }

  sendRaw(text: string): void {
    this.socket.send(text);
  }

  room(predicate: (room: RoomView) => boolean = () => true, timeoutMs = 15_000): Promise<RoomView> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.latest && predicate(this.latest)) {
          clearTimeout(timer);
          this.waiters.delete(check);
          resolve(this.latest);
        }
      };
      const timer = setTimeout(() => { this.waiters.delete(check); reject(new Error('No room view matched in time')); }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  close(): void {
    this.socket.close();
  }
}
