import { randomUUID } from 'node:crypto';
import type WebSocket from 'ws';
import { demoStaff } from '../../main/demo/demo-clinic.js';
import type { Host } from '../../main/host/host.js';
import type { Intention, Reply, RoomView } from '../../shared/contract/index.js';
import type { RefusalCode } from '../../shared/refusals/refusal.js';
import { LatestRoom, hostMessage } from './screen-messages.js';
import { openShellSocket } from './spawned-shell.js';

/** Sends an intention to an in-process host, as a screen would for the acting staff member, and returns the reply. */
export async function ask(host: Host, intention: Intention, actorId: string | null = null): Promise<Reply> {
  const answer = await host.receive({ requestId: randomUUID(), actorId, intention });
  if (!answer) throw new Error('The host gave no reply');
  return answer.reply;
}

/** The demo clinic's staff, by the name tests use for them. */
export const demo = {
  nurse: demoStaffNamed('Aisha Khan'),
  nurse2: demoStaffNamed('Priya Nair'),
  hca: demoStaffNamed('Tom Reid'),
  prescriber: demoStaffNamed('Dr Okafor'),
  lead: demoStaffNamed('Sam Lee'),
};

function demoStaffNamed(displayName: string) {
  const member = demoStaff.find((staff) => staff.displayName === displayName);
  if (!member) throw new Error(`No demo staff member called ${displayName}`);
  return member;
}

/** Signs a demo staff member in with their badge and PIN; returns their staff id. */
export async function signIn(host: Host, who: { badgeNumber: string; pin: string }): Promise<string> {
  const reply = await ask(host, { type: 'signIn', badgeNumber: who.badgeNumber, pin: who.pin });
  if (!reply.ok || reply.staffId === null) throw new Error(`Sign-in refused: ${reply.ok ? 'no staff id' : reply.reason}`);
  return reply.staffId;
}

/** A screen acting as one signed-in staff member: `as(host, nurse)(intention)`. */
export function as(host: Host, staffId: string): (intention: Intention) => Promise<Reply> {
  return (intention) => ask(host, intention, staffId);
}

/**
 * Minutes to shift a spawned kiosk's demo clock so that it reads `target` now: a spawned host
 * runs on the real clock, and check-in needs a session window open whatever time CI runs.
 */
export function clockShiftTo(target: string): number {
  return Math.round((Date.parse(target) - Date.now()) / 60_000);
}

/**
 * 10:00 UTC on today's date: 10:00 or 11:00 in London, inside the demo clinic's morning session
 * (08:00–12:30) in winter and summer alike. Give it to `clockShiftTo` for a spawned kiosk.
 */
export function morningToday(): string {
  return `${new Date().toISOString().slice(0, 10)}T10:00:00.000Z`;
}

export function accepted(reply: Reply): string | null {
  if (!reply.ok) throw new Error(`Refused: ${reply.reason}`);
  return reply.visitId;
}

/**
 * The code a step was refused with; fails the test if it was accepted. Tests assert the code, so
 * rewording a sentence breaks none of them but a different refusal does.
 */
export function refusedWith(reply: Reply): RefusalCode {
  if (reply.ok) throw new Error('The step was accepted but should have been refused');
  return reply.code;
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

/** A screen's connection to a browser shell over its WebSocket (its launch secret and Origin, as the page has them), validated like the renderer's. */
export class ShellConnection {
  private readonly latest = new LatestRoom();
  private readonly replies = new Map<string, (reply: Reply) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = hostMessage(data);
      if (message.kind === 'reply') this.replies.get(message.requestId)?.(message.reply);
      this.latest.saw(message.kind === 'room' ? message.room : null);
    });
  }

  static open(url: string): Promise<ShellConnection> {
    const socket = openShellSocket(url);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new ShellConnection(socket)));
      socket.once('error', reject);
    });
  }

  /** The staff member this screen acts as, set by a successful sign-in through it. */
  actorId: string | null = null;

  async ask(intention: Intention): Promise<Reply> {
    const reply = await this.askAnything(intention);
    if (reply.ok && reply.staffId !== null) this.actorId = reply.staffId;
    return reply;
  }

  /** Signs a staff member in with their badge and PIN through this screen, which then acts as them. */
  async signIn(who: { badgeNumber: string; pin: string }): Promise<string> {
    const reply = await this.ask({ type: 'signIn', badgeNumber: who.badgeNumber, pin: who.pin });
    if (!reply.ok || reply.staffId === null) throw new Error(`Sign-in refused: ${reply.ok ? 'no staff id' : reply.reason}`);
    return reply.staffId;
  }

  /** Sends whatever it is given as the intention, as a hostile or broken screen might. */
  askAnything(intention: unknown, actorId: string | null = this.actorId): Promise<Reply> {
    const requestId = randomUUID();
    return new Promise((resolve) => {
      this.replies.set(requestId, resolve);
      this.socket.send(JSON.stringify({ requestId, actorId, intention }));
    });
  }

  sendRaw(text: string): void {
    this.socket.send(text);
  }

  room(predicate: (room: RoomView) => boolean = () => true, timeoutMs = 15_000): Promise<RoomView> {
    return this.latest.until(predicate, timeoutMs);
  }

  close(): void {
    this.socket.close();
  }
}
