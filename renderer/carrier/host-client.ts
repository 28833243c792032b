/**
 * Keeps the latest room view and matches replies to requests. Plain TypeScript so the React hook
 * stays a thin subscription.
 *
 * A request unanswered when the link drops stays waiting: the host may have recorded its step
 * before the link (or the host) went. Once connected again the client asks the host what became of
 * each, by request id, and settles each as the host says: recorded, answered as the first reply
 * would have been; not recorded, refused so the person does it again. It never sends a step again
 * by itself: a step may carry PINs, which only the people themselves may enter.
 */
import type { FromHost, Intention, IntentionType, Reply, RequestOutcomes, RoomView } from '../../shared/contract/index.js';
import type { Connection, HostCarrier } from './host-carrier.js';

/** What became of a step the screen sent before the link dropped, for the screen to say. */
export interface StepOutcome {
  requestId: string;
  intentionType: IntentionType;
  recorded: boolean;
}

export interface HostState {
  room: RoomView | null;
  connection: Connection;
  /** Steps settled after a reconnection, newest last, until the person dismisses them. */
  stepOutcomes: readonly StepOutcome[];
}

interface Waiting {
  intentionType: IntentionType;
  resolve: (reply: Reply) => void;
  reject: (error: Error) => void;
  /** Null while the link is down: the answer is asked for once it is back. */
  timer: number | null;
}

const answerWithinMs = 10_000;
const noAnswer = 'The kiosk host did not answer. Try again.';
// Asked about after a reconnection, and the host could not say: the step may or may not be recorded.
const linkDropped = 'The connection to the kiosk host dropped. Check the screen before trying again.';
export const stepNotRecorded = 'This step was not recorded: please do it again.';

export class HostClient {
  #state: HostState = { room: null, connection: 'connecting', stepOutcomes: [] };
  #listeners = new Set<() => void>();
  #waiting = new Map<string, Waiting>();
  #asking: { queryId: string; requestIds: readonly string[]; timer: number } | null = null;

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
      const timer = this.#answerTimer(requestId);
      this.#waiting.set(requestId, { intentionType: intention.type, resolve, reject, timer });
      try {
        this.carrier.send({ requestId, actorId, intention });
      } catch (error) {
        this.#settle(requestId, error instanceof Error ? error : new Error(noAnswer));
      }
    });

  dismissStepOutcomes = (): void => this.#update({ stepOutcomes: [] });

  #receive(message: FromHost): void {
    if (message.kind === 'room') this.#update({ room: message.room });
    else if (message.kind === 'reply') this.#settle(message.requestId, message.reply);
    else this.#outcomesArrived(message);
  }

  #connectionChanged(connection: Connection): void {
    if (connection === 'reconnecting') this.#linkDropped();
    this.#update({ connection });
    if (connection === 'connected') this.#askWhatBecameOfUnanswered();
  }

  #linkDropped(): void {
    for (const waiting of this.#waiting.values()) {
      if (waiting.timer !== null) window.clearTimeout(waiting.timer);
      waiting.timer = null;
    }
    if (this.#asking) window.clearTimeout(this.#asking.timer);
    this.#asking = null;
  }

  #askWhatBecameOfUnanswered(): void {
    const requestIds = [...this.#waiting].filter(([, waiting]) => waiting.timer === null).map(([requestId]) => requestId);
    if (requestIds.length === 0) return;
    const queryId = newRequestId();
    // A host that cannot say in time leaves the screen to be checked by eye, as before this question existed.
    const timer = window.setTimeout(() => {
      this.#asking = null;
      for (const requestId of requestIds) this.#settle(requestId, new Error(linkDropped));
    }, answerWithinMs);
    this.#asking = { queryId, requestIds, timer };
    try {
      this.carrier.send({ kind: 'requestOutcomes', queryId, requestIds });
    } catch {
      // Gone again already: asked on the next reconnection.
      window.clearTimeout(timer);
      this.#asking = null;
    }
  }

  #outcomesArrived(answer: RequestOutcomes): void {
    if (answer.queryId !== this.#asking?.queryId) return;
    window.clearTimeout(this.#asking.timer);
    this.#asking = null;
    const settled: StepOutcome[] = [];
    for (const recorded of answer.recorded) {
      const waiting = this.#waiting.get(recorded.requestId);
      if (!waiting) continue;
      settled.push({ requestId: recorded.requestId, intentionType: waiting.intentionType, recorded: true });
      this.#settle(recorded.requestId, {
        ok: true, visitId: recorded.visitId, staffId: recorded.staffId, report: null, alreadyRecordedAt: recorded.at,
      });
    }
    for (const requestId of answer.notRecorded) {
      const waiting = this.#waiting.get(requestId);
      if (!waiting) continue;
      settled.push({ requestId, intentionType: waiting.intentionType, recorded: false });
      this.#settle(requestId, new Error(stepNotRecorded));
    }
    if (settled.length > 0) this.#update({ stepOutcomes: [...this.#state.stepOutcomes, ...settled] });
  }

  #answerTimer(requestId: string): number {
    return window.setTimeout(() => this.#settle(requestId, new Error(noAnswer)), answerWithinMs);
  }

  #settle(requestId: string, outcome: Reply | Error): void {
    const waiting = this.#waiting.get(requestId);
    if (!waiting) return;
    this.#waiting.delete(requestId);
    if (waiting.timer !== null) window.clearTimeout(waiting.timer);
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
