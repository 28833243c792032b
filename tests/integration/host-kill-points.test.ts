/**
 * Kill the real host process (SIGKILL) at every point of a scripted morning and start it again on
 * the same data folder: every open visit must come back in its step, with its observation timer
 * taken from the stored times, the SQLite file exactly as it was, its hash chain intact, and the
 * visits able to carry on to discharge. Then kill it at random moments while a screen fires steps
 * as fast as it can: whatever was written must be whole (an event never without its visit's
 * snapshot, nor a snapshot without its event) and nothing acknowledged may be lost.
 *
 * A spawned host runs on the real clock, shifted by kiosk.json. Minimum observation times are
 * passed by stopping the host normally and starting it with its clock further on; the restart
 * after each kill moves the clock on five minutes too, as if the kiosk had been down that long.
 */
import { demoProducts } from '../../main/demo/demo-clinic.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Intention, RoomView, VisitStep, VisitView } from '../../shared/contract/index.js';
import {
  HostGone, Kiosk, auditVisits, checkpointOf, copyLedger, dumpDatabase, expectedEarliestDischarge, morningToday, readEvents,
  shiftReaching, staffIds, storedTimerFacts, verifyChains, type StaffName,
} from '../support/kill-points.js';
import { freshDir } from '../support/temp-dir.js';
import { visitStepPins } from '../support/test-kiosk.js';

/** The PINs the acting nurse and the HCA witnessing re-enter to record a dose. */
const pins = (nurse: StaffName) => visitStepPins(staffIds[nurse], staffIds.hca);

const minute = 60_000;
const closedSteps: readonly VisitStep[] = ['doseWithheld', 'discharged', 'ended'];
const outageMinutes = 5;

type Who = 'dee' | 'mags';
const serviceUserOf: Record<Who, string> = { dee: 'demo-su-3', mags: 'demo-su-2' };

interface ScriptStep {
  who: Who;
  actor: StaffName;
  /** The visit's step once this is accepted. */
  after: VisitStep;
  /** Whether the visit's overdose response is open after this step (when it changes). */
  overdoseOpen?: boolean;
  /** The observation before discharge: only once the minimum observation time has passed. */
  final?: boolean;
  intention(visitId: string): Intention;
}

const observation = (visitId: string): Intention => ({
  type: 'recordObservation', visitId, sedation: '1', respiratoryRate: 14, oxygenSaturation: 97,
});
const proceed = (visitId: string): Intention => ({
  type: 'recordPreDoseCheck', visitId, sedation: '1', intoxicationSigns: false, selfReportedUse: [],
  breathTestRequested: false, decision: 'proceed', reducedDoseMg: null, prescriberContact: null, reason: null,
});

/**
 * Dee (120 mg IM, no breath test): dosed by the nurse with the HCA witnessing, then an overdose
 * response with naloxone, then observation to discharge. Mags (200 mg) alongside: dosed by the
 * second nurse, who draws up 200 mg but gives 180, so 20 mg is wasted, witnessed.
 */
const script: readonly ScriptStep[] = [
  { who: 'dee', actor: 'hca', after: 'checkIn', intention: () => ({ type: 'startVisit', serviceUserId: serviceUserOf.dee }) },
  { who: 'dee', actor: 'hca', after: 'preDoseCheck', intention: (visitId) => ({ type: 'confirmIdentity', visitId }) },
  { who: 'mags', actor: 'nurse2', after: 'checkIn', intention: () => ({ type: 'startVisit', serviceUserId: serviceUserOf.mags }) },
  { who: 'dee', actor: 'nurse', after: 'preparation', intention: proceed },
  { who: 'mags', actor: 'nurse2', after: 'preDoseCheck', intention: (visitId) => ({ type: 'confirmIdentity', visitId }) },
  { who: 'dee', actor: 'nurse', after: 'administration', intention: (visitId) => ({ type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId, drawnMg: 120, witnessId: staffIds.hca, ...pins('nurse') }) },
  { who: 'mags', actor: 'nurse2', after: 'preparation', intention: proceed },
  {
    who: 'dee', actor: 'nurse', after: 'observation',
    intention: (visitId) => ({ type: 'recordAdministration', visitId, administeredMg: 120, route: 'IM', site: 'left thigh', witnessId: staffIds.hca, ...pins('nurse') }),
  },
  { who: 'mags', actor: 'nurse2', after: 'administration', intention: (visitId) => ({ type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId, drawnMg: 200, witnessId: staffIds.hca, ...pins('nurse2') }) },
  { who: 'dee', actor: 'hca', after: 'observation', intention: observation },
  {
    who: 'mags', actor: 'nurse2', after: 'waste',
    intention: (visitId) => ({ type: 'recordAdministration', visitId, administeredMg: 180, route: 'IV', site: 'left arm', witnessId: staffIds.hca, ...pins('nurse2') }),
  },
  { who: 'dee', actor: 'hca', after: 'observation', overdoseOpen: true, intention: (visitId) => ({ type: 'startOverdoseResponse', visitId, noticedMinutesAgo: 1 }) },
  { who: 'mags', actor: 'nurse2', after: 'observation', intention: (visitId) => ({ type: 'recordWaste', visitId, wastedMg: 20, witnessId: staffIds.hca, ...pins('nurse2') }) },
  { who: 'dee', actor: 'nurse', after: 'observation', intention: (visitId) => ({ type: 'recordNaloxone', visitId, doseMg: 0.4, route: 'IM', minutesAgo: 0 }) },
  { who: 'dee', actor: 'hca', after: 'observation', intention: (visitId) => ({ type: 'recordOxygen', visitId }) },
  { who: 'mags', actor: 'hca', after: 'observation', intention: observation },
  {
    who: 'dee', actor: 'nurse', after: 'observation', overdoseOpen: false,
    intention: (visitId) => ({ type: 'recordOverdoseOutcome', visitId, outcome: 'recovered and observed', note: null }),
  },
  { who: 'dee', actor: 'hca', after: 'observation', intention: observation },
  { who: 'mags', actor: 'hca', after: 'observation', final: true, intention: observation },
  { who: 'mags', actor: 'nurse2', after: 'discharged', intention: (visitId) => ({ type: 'dischargeVisit', visitId }) },
  { who: 'dee', actor: 'hca', after: 'observation', final: true, intention: observation },
  { who: 'dee', actor: 'nurse', after: 'discharged', intention: (visitId) => ({ type: 'dischargeVisit', visitId }) },
];

interface Expected { step: VisitStep; overdoseOpen: boolean }

/** Where each visit should be once the first `k` steps are done. */
function expectedAfter(k: number): Partial<Record<Who, Expected>> {
  const expected: Partial<Record<Who, Expected>> = {};
  for (const step of script.slice(0, k)) {
    expected[step.who] = { step: step.after, overdoseOpen: step.overdoseOpen ?? expected[step.who]?.overdoseOpen ?? false };
  }
  return expected;
}

type Visits = Record<Who, string | null>;

function openVisits(room: RoomView): VisitView[] {
  return room.visits.filter((visit) => !closedSteps.includes(visit.step));
}

async function runStep(kiosk: Kiosk, visits: Visits, step: ScriptStep, index: number): Promise<void> {
  if (step.final) {
    // Let the minimum observation time pass, for every dosed visit at once.
    const room = await kiosk.screen.room();
    const earliest = Math.max(...room.visits.map((visit) => Date.parse(visit.observation.earliestDischargeAt ?? room.now)));
    if (Date.parse(room.now) < earliest) await kiosk.travelTo(earliest + minute);
  }
  const visitId = visits[step.who];
  const intention = step.intention(visitId ?? '');
  const reply = await kiosk.screen.ask(intention, staffIds[step.actor]);
  if (!reply.ok) throw new Error(`Step ${index + 1} (${step.who}: ${intention.type}) was refused: ${reply.reason}`);
  if (intention.type === 'startVisit') visits[step.who] = reply.visitId;
  // The room view is pushed before the reply, so the latest one already shows this step.
  const room = await kiosk.screen.room();
  const visit = room.visits.find((candidate) => candidate.visitId === visits[step.who]);
  if (visit?.step !== step.after) {
    throw new Error(`After step ${index + 1} (${step.who}: ${intention.type}) the visit is at ${visit?.step ?? 'nowhere'}, not ${step.after}`);
  }
}

let templateDir: ReturnType<typeof freshDir>;
let templateEvents = 0;
const morning = morningToday();
const startedAt = Date.now();
let hostStarts = 0;

beforeAll(async () => {
  // One kiosk with its demo data loaded, copied into each test's folder: a fresh host start each
  // time, without hashing the demo PINs again.
  templateDir = freshDir('kill-points-template-');
  const kiosk = await Kiosk.start(templateDir.path, shiftReaching(morning));
  try {
    await kiosk.screen.room((room) => room.waiting.length > 0);
  } finally {
    await kiosk.stop('SIGTERM');
  }
  hostStarts += kiosk.starts;
  templateEvents = readEvents(templateDir.path).length;
});

afterAll(() => {
  templateDir.remove();
  console.log(`host-kill-points: ${hostStarts} host starts in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
});

/** A fresh kiosk folder from the template, its clock at this morning, three staff signed in. */
async function freshKiosk(cleanup: Array<() => Promise<void> | void>): Promise<Kiosk> {
  const dir = freshDir('kill-point-');
  cleanup.push(dir.remove);
  copyLedger(templateDir.path, dir.path);
  const kiosk = await Kiosk.start(dir.path, shiftReaching(morning));
  cleanup.unshift(async () => { hostStarts += kiosk.starts; await kiosk.stop('SIGKILL'); });
  await kiosk.signInStaff();
  return kiosk;
}

async function withCleanup(run: (cleanup: Array<() => Promise<void> | void>) => Promise<void>): Promise<void> {
  const cleanup: Array<() => Promise<void> | void> = [];
  try {
    await run(cleanup);
  } finally {
    for (const step of cleanup) await step();
  }
}

const killPoints = script.map((_, index) => index + 1);

/** At most `slots` at once: a host start is mostly CPU, and two kill points at a time halve the run. */
function limiter(slots: number): <T>(run: () => Promise<T>) => Promise<T> {
  let free = slots;
  const queue: Array<() => void> = [];
  return async (run) => {
    if (free > 0) free -= 1;
    else await new Promise<void>((resolve) => queue.push(resolve));
    try {
      return await run();
    } finally {
      const next = queue.shift();
      if (next) next();
      else free += 1;
    }
  };
}
const twoAtATime = limiter(2);

/**
 * How long the kiosk is down: five minutes, or, when every dose and naloxone time is already
 * stored and discharge waits only on the clock, long enough for the minimum observation to pass
 * while the host is down (the timer must have run on without it).
 */
function outageAfter(k: number, room: RoomView): number {
  const remaining = script.slice(k);
  const anchorsToCome = remaining.some((step) => ['recordAdministration', 'recordNaloxone'].includes(step.intention('').type));
  const earliest = Math.max(...room.visits.map((visit) => Date.parse(visit.observation.earliestDischargeAt ?? room.now)));
  const waitMinutes = Math.ceil((earliest - Date.parse(room.now)) / minute) + 1;
  return !anchorsToCome && remaining.some((step) => step.final) && waitMinutes > outageMinutes ? waitMinutes : outageMinutes;
}

describe('killing the host after each step of a scripted morning', () => {
  it('has a script long enough to be worth killing, with a wait for the observation timer', () => {
    expect(killPoints.length).toBeGreaterThanOrEqual(10);
    expect(script.filter((step) => step.final)).toHaveLength(2);
  });

  it.concurrent.for(killPoints)('after step %i: every open visit comes back as it was, and carries on to discharge', { timeout: 90_000 },
    (k, { expect }) => twoAtATime(() => withCleanup(async (cleanup) => {
      const kiosk = await freshKiosk(cleanup);
      const dir = kiosk.dataDir;
      const visits: Visits = { dee: null, mags: null };
      for (const [index, step] of script.slice(0, k).entries()) await runStep(kiosk, visits, step, index);

      const before = dumpDatabase(dir);
      expect(before.events).toHaveLength(templateEvents + k);
      const outage = outageAfter(k, await kiosk.screen.room());
      await kiosk.stop('SIGKILL');
      expect(kiosk.shell.process.signalCode).toBe('SIGKILL');
      await kiosk.restart(outage);

      // Each open visit is back at its step.
      const room = await kiosk.screen.room();
      const expected = expectedAfter(k);
      const expectedOpen = Object.fromEntries(Object.entries(expected)
        .filter(([, visit]) => !closedSteps.includes(visit.step))
        .map(([who, visit]) => [visits[who as Who], visit.step]));
      expect(Object.fromEntries(openVisits(room).map((visit) => [visit.visitId, visit.step]))).toEqual(expectedOpen);
      expect(room.alerts.filter((alert) => alert.includes('could not be brought back'))).toEqual([]);

      // Nothing lost, nothing added: every table of the file is as it was before the kill.
      expect(dumpDatabase(dir)).toEqual(before);
      expect(verifyChains(dir)).toEqual([{ intact: true, events: templateEvents + k }]);
      // The restart checked the whole tail the kill left and signed it as its new starting point.
      expect(checkpointOf(dir)).toBe(templateEvents + k);
      expect(auditVisits(dir).filter((audit) => audit.problems.length > 0)).toEqual([]);

      // The observation timer comes from the stored times, and ran on while the host was down.
      for (const visit of openVisits(room)) {
        const who = (Object.keys(visits) as Who[]).find((name) => visits[name] === visit.visitId)!;
        const facts = storedTimerFacts(dir, visit.visitId);
        expect([facts.minimumMinutes, facts.afterNaloxoneMinutes]).toEqual([20, 60]);
        expect(visit.observation.administeredAt).toBe(facts.administeredAt);
        expect(visit.observation.earliestDischargeAt).toBe(expectedEarliestDischarge(facts));
        expect(visit.observation.records.map((record) => record.at)).toEqual(facts.observationsAt);
        expect(visit.overdose?.open ?? false).toBe(expected[who]!.overdoseOpen);
        const earliest = visit.observation.earliestDischargeAt;
        if (visit.step !== 'observation' || earliest === null) continue;
        const timeProblem = visit.observation.dischargeProblems.find((problem) => problem.startsWith('Observation must go on for'));
        if (Date.parse(room.now) < Date.parse(earliest)) {
          const minutesLeft = Math.ceil((Date.parse(earliest) - Date.parse(room.now)) / minute);
          expect(timeProblem).toContain(`Observation must go on for ${minutesLeft} more min`);
        } else {
          expect(timeProblem).toBeUndefined();
        }
      }

      // Sign in again and finish the morning on the restarted host: a restart strands no visit.
      await kiosk.signInStaff();
      for (const [index, step] of script.entries()) if (index >= k) await runStep(kiosk, visits, step, index);
      expect(openVisits(await kiosk.screen.room())).toEqual([]);
      const outcomes = Object.fromEntries(auditVisits(dir).map((audit) => [audit.visitId, [audit.replayedState, audit.problems]]));
      expect(outcomes).toEqual({ [visits.dee!]: ['discharged', []], [visits.mags!]: ['discharged', []] });
      const after = readEvents(dir);
      expect(after).toHaveLength(templateEvents + script.length);
      expect(after.slice(0, before.events!.length)).toEqual(before.events);
      expect(verifyChains(dir)).toEqual([{ intact: true, events: templateEvents + script.length }]);
    })));
});

// ---------------------------------------------------------------------------------------------

interface Tally { sent: number; acked: number; refusals: string[] }

interface Person { serviceUserId: string; actor: StaffName; drawMg: number; giveMg: number; route: 'IM' | 'IV'; site: string; dosed: boolean }

/**
 * What this person's screen does next, from the room view it has: walk the visit on, then record
 * observations and, every few, an overdose response with naloxone. Jay's visits are withheld at
 * the pre-dose check and he is checked in again, so visits open and close all the time.
 */
function nextFor(person: Person, room: RoomView): Intention | null {
  const visit = openVisits(room).find((candidate) => candidate.person.id === person.serviceUserId);
  if (!visit) {
    const mayStart = !person.dosed || room.waiting.some((waiting) => waiting.id === person.serviceUserId && waiting.paused === null);
    return mayStart ? { type: 'startVisit', serviceUserId: person.serviceUserId } : null;
  }
  const visitId = visit.visitId;
  switch (visit.step) {
    case 'checkIn': return { type: 'confirmIdentity', visitId };
    case 'preDoseCheck':
      return person.drawMg === 0
        // Leaves before the dose (a withheld dose would stand for the session and stop the cycling).
        ? { type: 'endVisit', visitId, reason: 'left before dose', note: null }
        : proceed(visitId);
    case 'preparation': return { type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId, drawnMg: person.drawMg, witnessId: staffIds.hca, ...pins(person.actor) };
    case 'administration':
      return {
        type: 'recordAdministration', visitId, administeredMg: person.giveMg, route: person.route, site: person.site, witnessId: staffIds.hca,
        ...pins(person.actor),
      };
    case 'waste': return { type: 'recordWaste', visitId, wastedMg: person.drawMg - person.giveMg, witnessId: staffIds.hca, ...pins(person.actor) };
    case 'observation': {
      const response = visit.overdose;
      if (response?.open) {
        return response.naloxone.length === 0
          ? { type: 'recordNaloxone', visitId, doseMg: 0.4, route: 'IM', minutesAgo: 0 }
          : { type: 'recordOverdoseOutcome', visitId, outcome: 'recovered and observed', note: null };
      }
      return visit.observation.records.length % 5 === 4 ? { type: 'startOverdoseResponse', visitId, noticedMinutesAgo: 0 } : observation(visitId);
    }
    default: throw new Error(`No plan for a visit at ${visit.step}`);
  }
}

async function fire(kiosk: Kiosk, person: Person, tally: Tally): Promise<void> {
  const screen = kiosk.screen;
  for (;;) {
    const intention = nextFor(person, await screen.room());
    if (intention === null) return;
    tally.sent += 1;
    try {
      const reply = await screen.ask(intention, staffIds[person.actor]);
      if (reply.ok) {
        tally.acked += 1;
        if (intention.type === 'recordAdministration') person.dosed = true;
      } else {
        tally.refusals.push(`${intention.type}: ${reply.reason}`);
        return;
      }
    } catch (error) {
      if (error instanceof HostGone) return;
      throw error;
    }
  }
}

describe('killing the host while a screen fires steps as fast as it can', () => {
  it('leaves a whole ledger each time: chain intact, no gap, every visit its events replayed, nothing acknowledged lost', () => withCleanup(async (cleanup) => {
    const kiosk = await freshKiosk(cleanup);
    const dir = kiosk.dataDir;
    const people: Person[] = [
      { serviceUserId: 'demo-su-3', actor: 'nurse', drawMg: 120, giveMg: 120, route: 'IM', site: 'left thigh', dosed: false },
      { serviceUserId: 'demo-su-2', actor: 'nurse2', drawMg: 200, giveMg: 180, route: 'IV', site: 'left arm', dosed: false },
      { serviceUserId: 'demo-su-1', actor: 'nurse', drawMg: 0, giveMg: 0, route: 'IV', site: 'left arm', dosed: false },
    ];
    const rounds: Array<{ delayMs: number; sent: number; acked: number; written: number }> = [];
    for (let round = 0; round < 5; round += 1) {
      if (round > 0) await kiosk.signInStaff();
      const eventsBefore = readEvents(dir).length;
      const tally: Tally = { sent: 0, acked: 0, refusals: [] };
      const delayMs = Math.floor(Math.random() * 201);
      const firing = people.map((person) => fire(kiosk, person, tally));
      // The one deliberate wait: the moment of the kill.
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      await kiosk.stop('SIGKILL');
      await Promise.all(firing);
      expect(tally.refusals).toEqual([]);

      await kiosk.restart();
      const room = await kiosk.screen.room();
      const events = readEvents(dir);
      expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
      expect(verifyChains(dir)).toEqual([{ intact: true, events: events.length }]);
      const written = events.length - eventsBefore;
      rounds.push({ delayMs, sent: tally.sent, acked: tally.acked, written });
      // Every acknowledged step is in the file; nothing is there that was not asked for.
      expect(written).toBeGreaterThanOrEqual(tally.acked);
      expect(written).toBeLessThanOrEqual(tally.sent);

      const audits = auditVisits(dir);
      expect(audits.filter((audit) => audit.problems.length > 0)).toEqual([]);
      const replayedOpen = Object.fromEntries(audits.filter((audit) => audit.replayedOpen).map((audit) => [audit.visitId, audit.replayedState]));
      expect(Object.fromEntries(openVisits(room).map((visit) => [visit.visitId, visit.step]))).toEqual(replayedOpen);
    }
    console.log(`mid-write kills: ${JSON.stringify(rounds)}`);
    expect(rounds.reduce((sum, round) => sum + round.acked, 0)).toBeGreaterThan(0);
  }), 60_000);
});
