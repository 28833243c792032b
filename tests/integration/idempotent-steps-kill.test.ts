/**
 * Idempotent taps across a crash (issue 14: a step written but not answered before a SIGKILL was
 * recorded again when the screen sent it again). The real browser-shell host (built), killed with
 * SIGKILL with a dose on its way, started again on the same data folder: the screen asks what
 * became of its request and sends it again under the same id, and the dose is in the ledger once.
 */
import { demoProducts } from '../../main/demo/demo-clinic.js';
import { afterEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import type { FromHost, Intention, Reply, RequestOutcomes } from '../../shared/contract/index.js';
import { clockShiftTo, demo, morningToday } from '../support/host-session.js';
import { readLedger, writeKioskConfig } from '../support/kiosk-data.js';
import { hostMessage } from '../support/screen-messages.js';
import { openShellSocket, spawnBrowserShell, type SpawnedShell } from '../support/spawned-shell.js';
import { freshDir } from '../support/temp-dir.js';
import { visitStepPins, people, preDoseCheck } from '../support/test-kiosk.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A screen that chooses its own request ids, as the renderer does, so it can send one again. */
class Screen {
  private readonly answers = new Map<string, (message: FromHost) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = hostMessage(data);
      const id = message.kind === 'reply' ? message.requestId : message.kind === 'requestOutcomes' ? message.queryId : null;
      if (id !== null) this.answers.get(id)?.(message);
    });
    // A killed host resets the connection: expected here.
    socket.on('error', () => undefined);
  }

  static open(url: string): Promise<Screen> {
    const socket = openShellSocket(url);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new Screen(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends without waiting: the host may die before it answers. */
  send(requestId: string, intention: Intention, actorId: string | null): void {
    this.socket.send(JSON.stringify({ requestId, actorId, intention }));
  }

  ask(requestId: string, intention: Intention, actorId: string | null): Promise<Reply> {
    const answered = this.answerTo(requestId);
    this.send(requestId, intention, actorId);
    return answered.then((message) => {
      if (message.kind !== 'reply') throw new Error('Not a reply');
      return message.reply;
    });
  }

  outcomesOf(requestIds: string[]): Promise<RequestOutcomes> {
    const queryId = `query-${requestIds.join('-')}`;
    const answered = this.answerTo(queryId);
    this.socket.send(JSON.stringify({ kind: 'requestOutcomes', queryId, requestIds }));
    return answered.then((message) => {
      if (message.kind !== 'requestOutcomes') throw new Error('Not an answer about requests');
      return message;
    });
  }

  close(): void {
    this.socket.close();
  }

  private answerTo(id: string): Promise<FromHost> {
    return new Promise((resolve) => this.answers.set(id, resolve));
  }
}

async function start(dataDir: string): Promise<{ shell: SpawnedShell; screen: Screen }> {
  const shell = await spawnBrowserShell(dataDir);
  const screen = await Screen.open(shell.url);
  cleanups.push(() => screen.close(), () => shell.kill('SIGKILL'));
  return { shell, screen };
}

async function signInNurseAndWitness(screen: Screen): Promise<void> {
  for (const who of [demo.hca, demo.nurse]) {
    const reply = await screen.ask(`sign-in-${who.staffId}-${Math.random()}`, { type: 'signIn', badgeNumber: who.badgeNumber, pin: who.pin }, null);
    if (!reply.ok) throw new Error(`Sign-in refused: ${reply.reason}`);
  }
}

/** A kiosk on a fresh folder with Dee's 120 mg drawn up: the dose is the next step. */
async function kioskWithDoseDrawnUp(): Promise<{ dir: string; shell: SpawnedShell; screen: Screen; visitId: string; dose: Intention }> {
  const dir = freshDir();
  cleanups.push(dir.remove);
  writeKioskConfig(dir.path, { breathalyser: { kind: 'none' }, demoClockShiftMinutes: clockShiftTo(morningToday()) });
  const { shell, screen } = await start(dir.path);
  await signInNurseAndWitness(screen);
  const nurse = demo.nurse.staffId;
  const started = await screen.ask('check-in', { type: 'startVisit', serviceUserId: people.dee }, nurse);
  if (!started.ok || started.visitId === null) throw new Error('Dee could not be checked in');
  const visitId = started.visitId;
  for (const [id, intention] of [
    ['identity', { type: 'confirmIdentity', visitId }],
    ['check', preDoseCheck(visitId)],
    ['drawn', { type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId, drawnMg: 120, witnessId: demo.hca.staffId, ...visitStepPins(demo.nurse.staffId, demo.hca.staffId) }],
  ] as const) {
    const reply = await screen.ask(id, intention, nurse);
    if (!reply.ok) throw new Error(`${intention.type} refused: ${reply.reason}`);
  }
  const dose: Intention = {
    type: 'recordAdministration', visitId, administeredMg: 120, route: 'IM', site: 'left thigh', witnessId: demo.hca.staffId,
    ...visitStepPins(demo.nurse.staffId, demo.hca.staffId),
  };
  return { dir: dir.path, shell, screen, visitId, dose };
}

const dosesIn = (dir: string) => readLedger(dir).filter((event) => event.type === 'doseAdministered');

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Not in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a dose on its way when the host is killed', () => {
  it('written before the kill, is answered as recorded when sent again after the restart, and is in the ledger once', async () => {
    const { dir, shell, screen, visitId, dose } = await kioskWithDoseDrawnUp();
    screen.send('the-dose', dose, demo.nurse.staffId);
    // Killed once the dose is in the file, its reply never read: written but not acknowledged.
    await until(() => dosesIn(dir).length === 1);
    await shell.kill('SIGKILL');
    screen.close();

    const restarted = await start(dir);
    expect(await restarted.screen.outcomesOf(['the-dose', 'never-sent'])).toMatchObject({
      recorded: [{ requestId: 'the-dose', intentionType: 'recordAdministration', visitId }],
      notRecorded: ['never-sent'],
    });
    // Nobody is signed in to the restarted host; the step is answered from what it recorded.
    const again = await restarted.screen.ask('the-dose', dose, demo.nurse.staffId);
    expect(again).toMatchObject({ ok: true, alreadyRecordedAt: expect.any(String) });
    expect(dosesIn(dir)).toHaveLength(1);
  });

  it('killed straight after sending, is recorded once: answered as recorded if it was, given once more if it was not', async () => {
    const { dir, shell, screen, dose } = await kioskWithDoseDrawnUp();
    screen.send('the-dose', dose, demo.nurse.staffId);
    await shell.kill('SIGKILL');
    screen.close();
    const writtenBeforeTheKill = dosesIn(dir).length;
    expect(writtenBeforeTheKill).toBeLessThanOrEqual(1);

    const restarted = await start(dir);
    const outcomes = await restarted.screen.outcomesOf(['the-dose']);
    expect(outcomes.recorded.map((each) => each.requestId)).toEqual(writtenBeforeTheKill === 1 ? ['the-dose'] : []);
    expect(outcomes.notRecorded).toEqual(writtenBeforeTheKill === 1 ? [] : ['the-dose']);
    // A step not recorded is done again by the people themselves: signed in again, PINs entered again.
    if (writtenBeforeTheKill === 0) await signInNurseAndWitness(restarted.screen);
    expect(await restarted.screen.ask('the-dose', dose, demo.nurse.staffId)).toMatchObject({ ok: true });
    expect(dosesIn(dir)).toHaveLength(1);
  });
});
