/**
 * Part 5, disk fill: the kiosk's data folder on a small tmpfs (8 MB), filled to the last byte by a
 * filler file at a random moment while two screens send a real host steps. Every request must be
 * answered within 5 s (a refusal in words a nurse can read, never a stack or an error code), no
 * acknowledged step may be lost, SIGTERM must still stop the host within 5 s, and once the space is
 * freed the host must record again. Then a full disk at start: a clear message, no 0-byte kiosk.pid
 * and no half-made database, and a good start once there is room. Needs root (mount); skipped,
 * with the reason, otherwise.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, cpSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ledgerFileName } from '../../main/host/open-kiosk-host.js';
import { ledgerMigrations } from '../../main/ledger/migrations/index.js';
import { morningToday, shiftReaching, writeShiftedConfig } from '../support/kill-points.js';
import { openKioskFile } from '../support/kiosk-data.js';
import { startKiosk, startReadyKiosk, TortureScreen } from './kiosk-process.js';
import { auditLedger, chainProblems } from './ledger-audit.js';
import { count, Failures, minutesSince, type PartResult, type Progress } from './part-result.js';
import type { Random } from './random.js';
import { nextVisitStep, screenPeople, signInStaff, StepBook, type SentStep } from './screen-steps.js';

export interface DiskOptions { fills: number; rng: Random; progress: Progress }

const answerWithinMs = 5_000;
const stopWithinMs = 5_000;
const filler = 'torture-filler';

/** Words a person can act on: no stack, no errno or SQLite code, no bare exception text. */
function inClearWords(text: string): boolean {
  return text.trim().length >= 20 && !/SQLITE_|ENOSPC|EIO\b|errno|Error:|\n\s+at |\.js:\d+/.test(text);
}

function mountTmpfs(): string {
  const folder = mkdtempSync(join(tmpdir(), 'torture-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', folder]);
  return folder;
}

function unmount(folder: string): void {
  try {
    execFileSync('umount', ['-l', folder]);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Writes the filler until the disk refuses another byte; returns the bytes it took. */
function fillDisk(folder: string): number {
  const fd = openSync(join(folder, filler), 'a');
  let written = 0;
  try {
    for (const size of [1 << 20, 64 << 10, 4 << 10, 512, 1]) {
      const block = Buffer.alloc(size);
      for (;;) {
        try {
          written += writeSync(fd, block);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw error;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return written;
}

function freeDisk(folder: string): void {
  if (existsSync(join(folder, filler))) unlinkSync(join(folder, filler));
}

/** What a failed start left behind that it must not: a 0-byte kiosk.pid, or a ledger not whole. */
function startLeftovers(folder: string): string[] {
  const problems: string[] = [];
  const pid = join(folder, 'kiosk.pid');
  if (existsSync(pid) && statSync(pid).size === 0) problems.push('a 0-byte kiosk.pid');
  const ledger = join(folder, ledgerFileName);
  if (!existsSync(ledger)) return problems;
  if (statSync(ledger).size === 0) return [...problems, 'a 0-byte kiosk.db'];
  try {
    const db = openKioskFile(folder);
    try {
      const applied = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM schema_migrations').get()?.n ?? 0;
      if (applied !== ledgerMigrations.length) problems.push(`a kiosk.db with ${applied} of ${ledgerMigrations.length} migrations applied`);
    } finally {
      db.close();
    }
  } catch (error) {
    problems.push(`a kiosk.db that cannot be opened (${error instanceof Error ? error.message : String(error)})`);
  }
  return problems;
}

interface FillTally { answeredWhileFull: number; refusedWhileFull: number; acceptedWhileFull: number; unanswered: number; recordedAgain: number; slowestStopMs: number }

async function oneFill(template: string, fill: number, rng: Random, tally: FillTally, failures: Failures): Promise<void> {
  const folder = mountTmpfs();
  try {
    cpSync(template, folder, { recursive: true });
    const kiosk = await startReadyKiosk(folder);
    const book = new StepBook(`${fill}-${randomUUID().slice(0, 8)}`);
    const screens = await Promise.all([0, 1].map(() => TortureScreen.open(kiosk.url)));
    await signInStaff(screens[0]!, answerWithinMs * 4);
    let full = false;
    let working = true;
    const work = screens.map(async (screen, index) => {
      const person = screenPeople[index]!;
      while (working && !screen.isGone) {
        let step: SentStep | null = null;
        if (rng.chance(0.3)) {
          const room = await screen.room(() => true, answerWithinMs).catch(() => null);
          const next = room ? nextVisitStep(person, room) : null;
          if (next) step = book.visitStep(next.intention, next.actor);
        }
        step ??= book.plainStep(rng);
        const whileFull = full;
        const { reply } = await book.send(screen, step, answerWithinMs);
        if (reply === null) {
          tally.unanswered += 1;
          failures.add('hang', `fill ${fill}: no answer to ${step.intention.type} within ${answerWithinMs / 1000} s${whileFull ? ' with the disk full' : ''}`);
          return;
        }
        if (whileFull) {
          tally.answeredWhileFull += 1;
          if (reply.ok) tally.acceptedWhileFull += 1;
          else tally.refusedWhileFull += 1;
        }
        if (!reply.ok && !inClearWords(reply.reason)) failures.add('words', `fill ${fill}: ${step.intention.type} was refused in words no nurse can act on: ${JSON.stringify(reply.reason)}`);
        if (!reply.ok && whileFull) await sleep(50);
      }
    });
    await sleep(rng.int(100, 1_500));
    fillDisk(folder);
    full = true;
    await sleep(rng.int(1_000, 3_000));
    const stopWhileFull = fill % 2 === 1;
    if (!stopWhileFull) {
      full = false;
      freeDisk(folder);
      await sleep(300);
      for (let index = 0; index < 5; index += 1) {
        const step = book.plainStep(rng);
        const { reply } = await book.send(screens[0]!, step, answerWithinMs);
        if (reply?.ok) tally.recordedAgain += 1;
        else failures.add('recover', `fill ${fill}: with space again, a stock check was ${reply ? `refused: ${reply.reason}` : 'not answered'}`);
      }
    }
    working = false;
    await Promise.all(work);
    const began = Date.now();
    const stopped = await kiosk.stop('SIGTERM', stopWithinMs);
    tally.slowestStopMs = Math.max(tally.slowestStopMs, Date.now() - began);
    if (!stopped) {
      failures.add('stop', `fill ${fill}: the host was still running ${stopWithinMs / 1000} s after SIGTERM${stopWhileFull ? ' with the disk full' : ''}`);
      await kiosk.stop('SIGKILL');
    }
    for (const screen of screens) screen.close();
    freeDisk(folder);
    const audit = auditLedger(folder);
    if (audit.integrity !== 'ok') failures.add('integrity', `fill ${fill}: ${audit.integrity}`);
    for (const problem of chainProblems(audit)) failures.add('verify', `fill ${fill}: ${problem}`);
    const { lost, twice } = book.lostAndDoubled(audit);
    for (const each of lost) failures.add('lost', `fill ${fill}: ${each}`);
    for (const each of twice) failures.add('twice', `fill ${fill}: ${each}`);
    const again = await startReadyKiosk(folder).catch((error: unknown) => {
      failures.add('restart', `fill ${fill}: the host did not start again after the fill: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    });
    await again?.stop('SIGTERM');
  } finally {
    unmount(folder);
  }
}

async function fullAtStart(template: string | null, failures: Failures): Promise<string> {
  const folder = mountTmpfs();
  const what = template === null ? 'an empty folder' : 'a kiosk\'s folder';
  try {
    if (template !== null) cpSync(template, folder, { recursive: true });
    fillDisk(folder);
    const start = await startKiosk(folder);
    let said: string;
    if (start.ready) {
      // A kiosk whose ledger is already whole may open on a full disk; it must still stop.
      said = 'started';
      if (!(await start.kiosk.stop('SIGTERM', stopWithinMs))) failures.add('start', `full disk, ${what}: the host did not stop within ${stopWithinMs / 1000} s of SIGTERM`);
    } else {
      said = `refused: "${(start.output.trim().split('\n').slice(-1)[0] ?? '').split(folder).join('<folder>')}"`;
      if (start.code === 0 || start.code === null) failures.add('start', `full disk, ${what}: the start ended ${start.code === null ? `by ${start.signal ?? 'a signal'}` : 'with exit code 0'}: ${start.output.slice(-400)}`);
      if (!inClearWords(start.output) || !/space|full|disk/i.test(start.output)) failures.add('start', `full disk, ${what}: the start did not say in words that the disk is full: ${JSON.stringify(start.output.slice(-600))}`);
    }
    freeDisk(folder);
    for (const problem of startLeftovers(folder)) failures.add('start', `full disk, ${what}: the failed start left ${problem}`);
    if (template === null) writeShiftedConfig(folder, shiftReaching(morningToday()));
    const again = await startKiosk(folder);
    if (!again.ready) failures.add('start', `full disk, ${what}: with space again the host still did not start: ${again.output.slice(-400)}`);
    else await again.kiosk.stop('SIGTERM');
    return `${what}: ${said}`;
  } finally {
    unmount(folder);
  }
}

export async function tortureDisk({ fills, rng, progress }: DiskOptions): Promise<PartResult> {
  const startedAt = Date.now();
  if (userInfo().uid !== 0) {
    return { part: 'disk', figures: 'disk: skipped (not root: a tmpfs cannot be mounted)', failures: [], notes: ['run as root (as CI does) for the disk-fill part'] };
  }
  const failures = new Failures();
  const tally: FillTally = { answeredWhileFull: 0, refusedWhileFull: 0, acceptedWhileFull: 0, unanswered: 0, recordedAgain: 0, slowestStopMs: 0 };
  const template = mkdtempSync(join(tmpdir(), 'torture-disk-template-'));
  const starts: string[] = [];
  let done = 0;
  try {
    writeShiftedConfig(template, shiftReaching(morningToday()));
    const kiosk = await startReadyKiosk(template);
    const screen = await TortureScreen.open(kiosk.url);
    await screen.room((room) => room.waiting.length > 0);
    screen.close();
    await kiosk.stop('SIGTERM');
    for (const name of readdirSync(template)) if (name === 'kiosk.pid' || name.startsWith('kiosk.log')) rmSync(join(template, name), { force: true });
    for (done = 0; done < fills;) {
      try {
        await oneFill(template, done + 1, rng.fork(`fill ${done}`), tally, failures);
      } catch (error) {
        failures.add('run', `fill ${done + 1}: ${error instanceof Error ? error.message : String(error)}`);
      }
      done += 1;
      if (done % 5 === 0 || done === fills) progress(`disk: ${done}/${fills} fills, ${count(tally.answeredWhileFull)} answered while full, ${failures.size} faults, ${minutesSince(startedAt)}`);
    }
    starts.push(await fullAtStart(null, failures), await fullAtStart(template, failures));
  } catch (error) {
    failures.add('run', error instanceof Error ? error.stack ?? error.message : String(error));
  } finally {
    rmSync(template, { recursive: true, force: true });
  }
  return {
    part: 'disk',
    figures: `disk: ${done} fills, ${count(tally.answeredWhileFull)} steps answered with the disk full (${count(tally.refusedWhileFull)} refused, ` +
      `${count(tally.acceptedWhileFull)} accepted), ${count(tally.unanswered)} unanswered within ${answerWithinMs / 1000} s, ` +
      `${failures.list().filter((line) => line.startsWith('lost')).length} lost, slowest SIGTERM stop ${(tally.slowestStopMs / 1000).toFixed(1)} s, ` +
      `${tally.recordedAgain} of ${Math.ceil(done / 2) * 5} steps recorded once space was freed; full disk at start: ${starts.join('; ') || 'not reached'}; ${minutesSince(startedAt)}`,
    failures: failures.list(),
    notes: [],
  };
}
