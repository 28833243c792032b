/**
 * Keeps the latest room view and matches replies to requests. Plain TypeScript so the React hook
 * stays a thin subscription.
 */
import type { FromHost, Intention, Reply, RoomView } from '../../shared/contract/index.js';
import type { Connection, HostCarrier } from './host-carrier.js';

export interface HostState {
  room: RoomView | null;
  connection: Connection;
}

interface Waiting {
  resolve: (reply: Reply) => void;
  reject: (error: Error) => void;
  timer: number;
}

const answerWithinMs = 10_000;
const noAnswer = 'The kiosk host did not answer. Try again.';
// A request sent before the link dropped may or may not have been applied: say so.
const linkDropped = 'The connection to the kiosk host dropped. Check the screen before trying again.';

export class HostClient {
  #state: HostState = { room: null, connection: 'connecting' };
  #listeners = new Set<() => void>();
  #waiting = new Map<string, Waiting>();

  constructor(private readonly carrier: HostCarrier) {
    carrier.onMessage((message) => this.#receive(message));
    carrier.onConnection((connection) => this.#connectionChanged(connection));
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  state = (): HostState => this.#state;

  /** `actorId`: the signed-in person using the screen now; null only to sign in. */
  request = (intention: Intention, actorId: string | null): Promise<Reply> =>
    new Promise<Reply>((resolve, reject) => {
      const requestId = newRequestId();
      const timer = window.setTimeout(() => this.#settle(requestId, new Error(noAnswer)), answerWithinMs);
      this.#waiting.set(requestId, { resolve, reject, timer });
      try {
        this.carrier.send({ requestId, actorId, intention });
      } catch (error) {
        this.#settle(requestId, error instanceof Error ? error : new Error(noAnswer));
      }
    });

  #receive(message: FromHost): void {
    if (message.kind === 'room') {
      this.#update({ room: message.room });
      return;
    }
    this.#settle(message.requestId, message.reply);
  }

  #connectionChanged(connection: Connection): void {
    if (connection === 'reconnecting') {
      for (const requestId of [...this.#waiting.keys()]) this.#settle(requestId, new Error(linkDropped));
    }
    this.#update({ connection });
  }

  #settle(requestId: string, outcome: Reply | Error): void {
    const waiting = this.#waiting.get(requestId);
    if (!waiting) return;
    this.#waiting.delete(requestId);
    window.clearTimeout(waiting.timer);
    if (outcome instanceof Error) waiting.reject(outcome);
    else waiting.resolve(outcome);
  }

  #update(change: Partial<HostState>): void {
    this.#state = { ...this.#state, ...change };
    for (const listener of this.#listeners) listener();
  }
}

function newRequestId(): string {
  // randomUUID exists only in secure contexts; a thin client may load the page over plain http.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
