/**
 * A real kiosk host for the torture suite: the built browser shell (`node dist/main/shells/browser/cli.js`)
 * spawned on a data folder, ready when it prints `Kiosk ready at <url>`, and screens on its
 * WebSocket that choose their own request ids (so a step can be sent again after a crash under
 * the id it first went with). The paths are found from the project root, so the suite runs the
 * same from its sources under vitest and compiled under dist/ by `npm run torture`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type WebSocket from 'ws';
import type { Intention, Reply, RoomView } from '../../shared/contract/index.js';
import { LatestRoom, hostMessage } from '../support/screen-messages.js';
import { openShellSocket } from '../support/spawned-shell.js';

function findProjectRoot(): string {
  for (let folder = dirname(fileURLToPath(import.meta.url)); folder !== dirname(folder); folder = dirname(folder)) {
    const manifest = join(folder, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'supervised-dose-kiosk') return folder;
  }
  throw new Error('The torture suite could not find the project folder (its package.json).');
}

export const projectRoot = findProjectRoot();
const shellCli = join(projectRoot, 'dist', 'main', 'shells', 'browser', 'cli.js');

export interface KioskProcess {
  url: string;
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr together. */
  output(): string;
  /** Resolves once the process has gone, with how it went. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends the signal and waits for the process to go; false when it was still there after `withinMs`. */
  stop(signal: NodeJS.Signals, withinMs?: number): Promise<boolean>;
}

export type KioskStart = { ready: true; kiosk: KioskProcess } | { ready: false; code: number | null; signal: NodeJS.Signals | null; output: string };

/** Starts a host; resolves when it is ready, or when it exits or `timeoutMs` passes without being ready. */
export function startKiosk(dataDir: string, timeoutMs = 30_000): Promise<KioskStart> {
  if (!existsSync(shellCli)) throw new Error(`${shellCli} is missing: run npm run -s build first.`);
  const child = spawn(process.execPath, [shellCli, '--data-dir', dataDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let printed = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const stop = async (signal: NodeJS.Signals, withinMs = 10_000): Promise<boolean> => {
    if (gone()) return true;
    child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), withinMs); })]);
    clearTimeout(timer);
    return stopped;
  };
  return new Promise((resolve) => {
    let settled = false;
    const settle = (start: KioskStart) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(start);
    };
    const timer = setTimeout(() => {
      void stop('SIGKILL').then(() => settle({ ready: false, code: null, signal: 'SIGKILL', output: `${printed}\n(not ready within ${timeoutMs} ms: killed)` }));
    }, timeoutMs);
    child.stderr.on('data', (chunk: Buffer) => { printed += chunk.toString(); });
    child.stdout.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      const ready = /Kiosk ready at (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(printed);
      if (ready?.[1]) settle({ ready: true, kiosk: { url: ready[1], child, output: () => printed, exited, stop } });
    });
    void exited.then(({ code, signal }) => settle({ ready: false, code, signal, output: printed }));
  });
}

export async function startReadyKiosk(dataDir: string): Promise<KioskProcess> {
  const start = await startKiosk(dataDir);
  if (!start.ready) throw new Error(`The kiosk did not start (exit ${start.code ?? start.signal}):\n${start.output.slice(-2000)}`);
  return start.kiosk;
}

export class HostGone extends Error {}
export class NoAnswer extends Error {}

/** A screen on a host's WebSocket. Every unanswered request fails with HostGone when the host goes. */
export class TortureScreen {
  private readonly latest = new LatestRoom();
  private readonly pending = new Map<string, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  private gone = false;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = hostMessage(data);
      if (message.kind === 'reply') {
        this.pending.get(message.requestId)?.resolve(message.reply);
        this.pending.delete(message.requestId);
      }
      this.latest.saw(message.kind === 'room' ? message.room : null);
    });
    const fail = () => {
      this.gone = true;
      for (const { reject } of this.pending.values()) reject(new HostGone('The host went away before replying.'));
      this.pending.clear();
    };
    socket.on('close', fail);
    socket.on('error', fail);
  }

  static open(url: string): Promise<TortureScreen> {
    const socket = openShellSocket(url);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new TortureScreen(socket)));
      socket.once('error', reject);
    });
  }

  get isGone(): boolean {
    return this.gone;
  }

  /** Sends one intention; rejects with NoAnswer when no reply comes within `timeoutMs`. */
  ask(intention: Intention, actorId: string | null, requestId: string = randomUUID(), timeoutMs = 60_000): Promise<Reply> {
    if (this.gone) return Promise.reject(new HostGone('The host is gone.'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new NoAnswer(`No reply to ${intention.type} within ${timeoutMs} ms.`));
      }, timeoutMs);
      this.pending.set(requestId, {
        resolve: (reply) => { clearTimeout(timer); resolve(reply); },
        reject: (error) => { clearTimeout(timer); reject(error); },
      });
      this.socket.send(JSON.stringify({ requestId, actorId, intention }));
    });
  }

  room(predicate: (room: RoomView) => boolean = () => true, timeoutMs = 15_000): Promise<RoomView> {
    return this.latest.until(predicate, timeoutMs);
  }

  close(): void {
    this.socket.close();
  }
}
