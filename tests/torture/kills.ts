/**
 * Part 1, kills: a real host (the built browser shell) SIGKILLed at random moments while several
 * screens send it real steps (staff signing in, visits walked from check-in on, and plain stock
 * checks, each tagged so it can be found again), then started again on the same folder. After
 * every kill the file must pass SQLite's integrity check and the chain verifier, and hold every
 * step whose reply reached a screen. Where the host answers a request id it has seen with its first
 * answer (intentions made idempotent: migration 0011-intention-requests), every step left
 * unanswered by a kill is sent again under its id after the restart and must be recorded once.
 */
import { demoProducts } from '../../main/demo/demo-clinic.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import { ledgerMigrations } from '../../main/ledger/migrations/index.js';
import { morningToday, shiftReaching, writeShiftedConfig } from '../support/kill-points.js';
import { freshDir } from '../support/temp-dir.js';
import { startReadyKiosk, TortureScreen, type KioskProcess } from './kiosk-process.js';
import { auditLedger, chainProblems } from './ledger-audit.js';
import { count, Failures, minutesSince, type PartResult, type Progress } from './part-result.js';
import type { Random } from './random.js';
import { nextVisitStep, screenPeople, signInStaff, staff, StepBook, type Person, type SentStep } from './screen-steps.js';

export interface KillOptions { kills: number; rng: Random; progress: Progress; longestWaitMs?: number }

interface Running { kiosk: KioskProcess; screens: TortureScreen[] }

/**
 * Starts a host, signs staff in on the first screen and lets `beforeTheOthers` send on it before
 * the other screens open. Steps sent again after a restart go first for that reason: a screen
 * already open could still hold the view from before them (views reach each screen on its own
 * socket, in no order across sockets) and send, say, a second start of an overdose response
 * that the first one already opened, which the host answers without writing anything.
 */
async function startWithScreens(dataDir: string, beforeTheOthers: (first: TortureScreen) => Promise<void> = async () => {}): Promise<Running> {
  const kiosk = await startReadyKiosk(dataDir);
  const first = await TortureScreen.open(kiosk.url);
  await signInStaff(first);
  await beforeTheOthers(first);
  const others = await Promise.all(screenPeople.slice(1).map(() => TortureScreen.open(kiosk.url)));
  return { kiosk, screens: [first, ...others] };
}

/** Whether the host answers a request id it has already answered with that first answer, writing nothing more. */
async function answersRequestIdsOnce(screen: TortureScreen, dataDir: string): Promise<boolean> {
  const note = `torture probe ${randomUUID()}`;
  const intention = {
    type: 'recordStockCheck', productId: demoProducts.ampoule100mg.productId, kind: 'start of day', countedUnits: 1, note,
    witnessId: staff.nurse2.staffId, actorPin: staff.nurse.pin, witnessPin: staff.nurse2.pin,
  } as const;
  const requestId = randomUUID();
  const first = await screen.ask(intention, staff.nurse.staffId, requestId);
  const second = await screen.ask(intention, staff.nurse.staffId, requestId);
  return first.ok && second.ok && auditLedger(dataDir).tagged.get(note) === 1;
}

async function screenAtWork(screen: TortureScreen, person: Person, book: StepBook, rng: Random, retired: Set<string>): Promise<void> {
  while (!screen.isGone) {
    let step: SentStep | null = null;
    if (!retired.has(person.serviceUserId) && rng.chance(0.4)) {
      const room = await screen.room(() => true, 5_000).catch(() => null);
      const next = room ? nextVisitStep(person, room) : null;
      if (next) step = book.visitStep(next.intention, next.actor);
    }
    step ??= book.plainStep(rng);
    const { reply } = await book.send(screen, step);
    if (reply === null) return;
    // A person refused (dosed this session, say) is left alone: their screen sends plain steps from then on.
    if (!reply.ok && step.tag === null) retired.add(person.serviceUserId);
  }
}

export async function tortureKills({ kills, rng, progress, longestWaitMs = 1_500 }: KillOptions): Promise<PartResult> {
  const startedAt = Date.now();
  const dir = freshDir('torture-kills-');
  const failures = new Failures();
  const notes: string[] = [];
  const book = new StepBook(randomUUID().slice(0, 8));
  const lostEver = new Set<string>();
  const twiceEver = new Set<string>();
  const retired = new Set<string>();
  let integrityOk = true;
  let verifyOk = true;
  let done = 0;
  let resent = 0;
  let resentAcked = 0;
  let running: Running | null = null;
  try {
    writeShiftedConfig(dir.path, shiftReaching(morningToday()));
    running = await startWithScreens(dir.path);
    await running.screens[0]!.room((room) => room.waiting.length > 0);
    const idempotent = await answersRequestIdsOnce(running.screens[0]!, dir.path);
    const migration = ledgerMigrations.some((each) => each.name.includes('intention-requests'));
    notes.push(idempotent
      ? `resend check ON: the host answered a repeated request id once${migration ? ' (migration 0011-intention-requests present)' : ''}; every unanswered step is sent again after each restart and must be recorded exactly once`
      : `resend check OFF: the host wrote a repeated request id twice${migration ? ' although an intention-requests migration is present' : ' (no intention-requests migration yet)'}; unanswered steps are not sent again, only counted`);
    progress(`kills: ${notes[0]}`);
    const sendUnansweredAgain = async (first: TortureScreen) => {
      if (!idempotent) return;
      const again = book.unanswered;
      book.unanswered = [];
      for (const step of again) {
        resent += 1;
        const { reply } = await book.send(first, step);
        if (reply?.ok) resentAcked += 1;
      }
    };

    for (done = 0; done < kills;) {
      running ??= await startWithScreens(dir.path, sendUnansweredAgain);
      const { kiosk, screens } = running;
      const work = screens.map((screen, index) => screenAtWork(screen, screenPeople[index]!, book, rng.fork(`screen ${index} ${done}`), retired));
      await sleep(rng.int(20, longestWaitMs));
      await kiosk.stop('SIGKILL');
      for (const screen of screens) screen.close();
      await Promise.all(work);
      running = null;
      done += 1;

      const audit = auditLedger(dir.path);
      if (audit.integrity !== 'ok') {
        integrityOk = false;
        failures.add('integrity', `after kill ${done}: PRAGMA integrity_check said ${audit.integrity}`);
      }
      for (const problem of chainProblems(audit)) {
        verifyOk = false;
        failures.add('verify', `after kill ${done}: ${problem}`);
      }
      const { lost, twice } = book.lostAndDoubled(audit);
      for (const each of lost) if (!lostEver.has(each)) { lostEver.add(each); failures.add('lost', `after kill ${done}: ${each}`); }
      for (const each of twice) if (!twiceEver.has(each)) { twiceEver.add(each); failures.add('twice', `after kill ${done}: ${each}`); }
      if (done % 50 === 0 || done === kills) {
        progress(`kills: ${count(done)}/${count(kills)} kills, ${count(book.acknowledged)} acknowledged, ${count(lostEver.size)} lost, ` +
          `${count(twiceEver.size)} written twice, ${count(audit.events)} events, ${minutesSince(startedAt)}`);
      }
      if (!integrityOk || !verifyOk) break;
    }

    // One start more after the last kill: the host opens what the kill left, and the steps it left unanswered are sent again.
    running = await startWithScreens(dir.path, sendUnansweredAgain);
    if (!(await running.kiosk.stop('SIGTERM', 10_000))) failures.add('stop', 'the host did not stop within 10 s of SIGTERM after the last start');
    running = null;
    const audit = auditLedger(dir.path);
    const final = book.lostAndDoubled(audit);
    for (const each of final.lost) if (!lostEver.has(each)) { lostEver.add(each); failures.add('lost', `at the end: ${each}`); }
    for (const each of final.twice) if (!twiceEver.has(each)) { twiceEver.add(each); failures.add('twice', `at the end: ${each}`); }
    if (audit.integrity !== 'ok') { integrityOk = false; failures.add('integrity', `at the end: ${audit.integrity}`); }
    for (const problem of chainProblems(audit)) { verifyOk = false; failures.add('verify', `at the end: ${problem}`); }
    if (book.acknowledged < done) failures.add('coverage', `only ${book.acknowledged} steps were acknowledged in ${done} kills: the screens hardly ran`);
    if (book.refusals.size > 0) notes.push(`refused: ${[...book.refusals].map(([what, n]) => `${what} x${n}`).join(', ')}`);
    if (idempotent) notes.push(`${count(resent)} unanswered steps sent again after restarts, ${count(resentAcked)} of them answered done`);
    else notes.push(`${count(final.unansweredWritten)} of ${count(book.unanswered.filter((step) => step.tag !== null).length)} unanswered stock checks had been written before the kill`);
    return {
      part: 'kills',
      figures: `kills: ${count(done)} kills, ${count(book.acknowledged)} acknowledged steps, ${count(lostEver.size)} lost, ` +
        `${count(twiceEver.size)} written twice, ${count(book.unanswered.length)} unanswered, integrity ${integrityOk ? 'ok' : 'FAILED'}, ` +
        `verify ${verifyOk ? 'ok' : 'FAILED'}, ${count(audit.events)} events in the ledger, ${minutesSince(startedAt)}`,
      failures: failures.list(),
      notes,
    };
  } catch (error) {
    failures.add('run', `stopped after ${done} kills: ${error instanceof Error ? error.message : String(error)}`);
    return { part: 'kills', figures: `kills: ${count(done)} kills before the run stopped, ${count(book.acknowledged)} acknowledged steps, ${minutesSince(startedAt)}`, failures: failures.list(), notes };
  } finally {
    if (running) await running.kiosk.stop('SIGKILL');
    dir.remove();
  }
}
