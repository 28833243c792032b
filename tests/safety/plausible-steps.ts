/**
 * Turning a command into what staff would send: "the next step for this person", read from their
 * visit's step on the room board (mostly the step a careful nurse would take next, now and then a
 * withhold, a red-flag observation, an overdose, a wrong witness or PIN), and "a stray step", any
 * visit intention with made-up values, sent whatever the visit's step.
 *
 * It chooses from what the screen shows (the step, the most that may be drawn up, the pair fixed
 * at preparation); it never judges a rule, so a host that offers a forbidden step gets it taken.
 */
import { demoProducts } from '../../main/demo/demo-clinic.js';
import { randomUUID } from 'node:crypto';
import type { RoomView, VisitView } from '../../shared/contract/index.js';
import type { Dice, VisitIntentionType } from './safety-commands.js';
import type { StaffKey } from './safety-kiosk.js';

/** `witnessId` and `prescriberId` in an intention here are StaffKeys; the run puts the staff ids in before sending. */
export type Step =
  | { kind: 'send'; by: StaffKey | null; intention: Record<string, unknown> }
  | { kind: 'wait'; minutes: number }
  // Started on the simulated device; cancelled at once, or its outcome waited for (1.5 s of real time).
  | { kind: 'breathTest'; by: StaffKey; visitId: string; cancel: boolean };

/** The dice, read one after another (and round again, shifted, if a step needs more). */
export class Roll {
  private index = 0;
  constructor(private readonly dice: Dice) {}

  next(): number {
    const value = this.dice[this.index % this.dice.length] ?? 0;
    const round = Math.floor(this.index / this.dice.length);
    this.index += 1;
    return (value + round * 0.618) % 1;
  }

  /** One of the choices, by weight; a roll of 0 is always the first. */
  pick<T>(choices: ReadonlyArray<readonly [number, T]>): T {
    const total = choices.reduce((sum, [weight]) => sum + weight, 0);
    let at = this.next() * total;
    for (const [weight, value] of choices) {
      if (at < weight) return value;
      at -= weight;
    }
    const last = choices.at(-1);
    if (!last) throw new Error('No choices');
    return last[1];
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }
}

export interface StepFacts {
  room: RoomView;
  serviceUserId: string;
  /** The kiosk has a working (simulated) breathalyser. */
  breathalyser: boolean;
  keyOf(staffId: string): StaffKey | null;
  /** How the last check-in of this person was refused, if it was. */
  lastCheckInRefusal: string | null;
  /** The intention type a prescriber allows diamorphine after naloxone with, once the contract has one. */
  afterNaloxoneIntention: string | null;
  /** The prescription as the prescriber last left it, to issue again after a suspension. */
  prescriptionToIssue: Record<string, unknown>;
  /** Minutes until the next window opens, by the rules the lead last adopted. */
  minutesToNextOpening: number | null;
  /** How many of this visit's steps in a row the host refused, and the last refusal's code: staff stop trying the same thing. */
  refusedInARow: number;
  lastRefusal: string | null;
}

// Refusals that say the visit cannot be dosed any more: staff give up at once (waste, end the visit).
const noDoseAnyMore = ['sessionOver', 'sessionNoLongerInRules', 'drawnDoseNoLongerAllowed', 'prescriptionStopped', 'naloxoneGivenThisSession', 'dosedElsewhere'];

// Refusals a person answers by coming back later: the next step is to wait, then check in again.
const comeBackLater = ['sessionClosed', 'tooSoonAfterLastDose', 'dosedThisSession', 'withheldThisSession', 'sessionsPerDayUsed', 'dailyMaximumReached', 'sessionOver'];

const closedSteps = ['doseWithheld', 'discharged', 'ended'];
const nurses: readonly StaffKey[] = ['nurse', 'nurse2'];
const clinical: readonly StaffKey[] = ['nurse', 'nurse2', 'hca'];

export function openVisitOf(room: RoomView, serviceUserId: string): VisitView | null {
  return room.visits.find((visit) => visit.person.id === serviceUserId && !closedSteps.includes(visit.step)) ?? null;
}

function one<T>(roll: Roll, list: readonly T[]): T {
  const value = list[Math.floor(roll.next() * list.length)];
  if (value === undefined) throw new Error('Nothing to choose from');
  return value;
}

function witnessFor(roll: Roll, actor: StaffKey): StaffKey {
  // A wrong witness now and then: the nurse themself, or the prescriber.
  if (roll.chance(0.04)) return roll.pick([[1, actor], [1, 'prescriber' as const]]);
  return one(roll, clinical.filter((key) => key !== actor));
}

const reason = 'Discussed with the person and the nurse in charge';

/** `answering`: the last check was refused for want of a reason (an earlier finding this session): give one. */
function preDoseCheck(roll: Roll, visit: VisitView | null, visitId: string, answering = false): Record<string, unknown> {
  const sedation = roll.pick([[70, '1'], [10, '2'], [5, 'S'], [10, '3'], [5, '4']] as const);
  const level = visit?.preDoseCheck.sedationLevels.find((candidate) => candidate.level === sedation);
  const intoxicationSigns = roll.chance(0.08);
  const selfReportedUse = roll.chance(0.08) ? [roll.pick([[1, 'alcohol'], [1, 'benzodiazepines'], [1, 'stimulants']] as const)] : [];
  const decision = level === undefined || level.mayProceed
    ? roll.pick([[88, 'proceed'], [6, 'reduce'], [6, 'withhold']] as const)
    : level.mayReduceWithPrescriberContact
      ? roll.pick([[45, 'reduce'], [35, 'withhold'], [20, 'proceed']] as const)
      : roll.pick([[80, 'withhold'], [20, 'proceed']] as const);
  const range = visit?.prescription.reducedDoseRange ?? null;
  const reducedDoseMg = decision !== 'reduce' ? null : range === null ? 100 : roll.pick([[1, range.minMg], [1, range.maxMg], [1, Math.round((range.minMg + range.maxMg) / 2)]]);
  const needsReason = decision !== 'proceed' || intoxicationSigns || selfReportedUse.length > 0 || answering;
  return {
    type: 'recordPreDoseCheck', visitId, sedation, intoxicationSigns, selfReportedUse, breathTestRequested: roll.chance(0.04),
    decision, reducedDoseMg, prescriberContact: decision === 'reduce' && roll.chance(0.85) ? 'Dr Okafor, by phone' : null,
    reason: needsReason && roll.chance(0.92) ? reason : null,
  };
}

function observation(roll: Roll, visitId: string, redFlagChance: number): Record<string, unknown> {
  if (roll.chance(redFlagChance)) {
    return { type: 'recordObservation', visitId, sedation: roll.pick([[1, '3'], [1, '2'], [1, '4']] as const), respiratoryRate: roll.pick([[1, 8], [1, 11], [1, 6]]), oxygenSaturation: roll.pick([[1, 89], [1, 93], [1, 85]]) };
  }
  return { type: 'recordObservation', visitId, sedation: '1', respiratoryRate: 14, oxygenSaturation: 97 };
}

function manualReading(roll: Roll, visitId: string, actor: StaffKey): Record<string, unknown> {
  return {
    type: 'recordManualBreathReading', visitId, value: roll.pick([[60, 0], [15, 5], [15, 12], [10, 30]]), unit: 'ug/100ml',
    device: 'Handheld AL-1', reason: 'The kiosk breathalyser gave no reading', witnessId: witnessFor(roll, actor),
  };
}

function preparation(roll: Roll, visit: VisitView | null, visitId: string, actor: StaffKey, pinOf: (key: StaffKey) => string): Record<string, unknown> {
  const prescribed = visit?.prescription.dosePerSessionMg ?? 150;
  const most = visit?.injection.maximumDrawMg ?? prescribed;
  const drawnMg = roll.pick([[80, most > 0 ? most : prescribed], [10, prescribed], [10, 50]]);
  const witness = witnessFor(roll, actor);
  return { type: 'recordPreparation', productId: productFor(roll, visit), visitId, drawnMg, witnessId: witness, ...signatures(roll, actor, witness, pinOf) };
}

/** Both PINs for a visit's register entry; now and then the nurse mistypes theirs, and nothing may be written. */
function signatures(roll: Roll, actor: StaffKey, witness: StaffKey, pinOf: (key: StaffKey) => string): { nursePin: string; witnessPin: string } {
  return { nursePin: roll.chance(0.02) ? '0000' : pinOf(actor), witnessPin: pinOf(witness) };
}

function waste(roll: Roll, visitId: string, wastedMg: number, actor: StaffKey, witness: StaffKey, pinOf: (key: StaffKey) => string): Record<string, unknown> {
  return { type: 'recordWaste', visitId, wastedMg, witnessId: witness, ...signatures(roll, actor, witness, pinOf) };
}

/**
 * The product the nurse picks from the board: mostly one it offers with no problem and of a form
 * the prescription allows, now and then the run's scarce one (a few hundred mg of solution)
 * whatever the board says (its stock, or its form once a prescription allows powder only), or one
 * the catalogue does not know.
 */
function productFor(roll: Roll, visit: VisitView | null): string {
  const offered = visit?.injection.products ?? [];
  const usable = offered.filter((product) => product.problem === null && product.notPrescribed === null).map((product) => product.productId);
  const scarce = offered.filter((product) => product.title.includes('solution')).map((product) => product.productId);
  return roll.pick([
    [60, usable.length > 0 ? one(roll, usable) : demoProducts.ampoule100mg.productId],
    [35, scarce.length > 0 ? one(roll, scarce) : demoProducts.ampoule500mg.productId],
    [5, 'cdp-not-in-the-catalogue'],
  ]);
}

function administration(roll: Roll, visit: VisitView | null, visitId: string, actor: StaffKey, witness: StaffKey, pinOf: (key: StaffKey) => string): Record<string, unknown> {
  const drawn = visit?.injection.drawnMg ?? 150;
  const routes = visit?.prescription.routes ?? ['IM'];
  const route = one(roll, routes.length > 0 ? routes : ['IM']);
  const sites = visit?.injection.sites[route] ?? ['left thigh'];
  return {
    type: 'recordAdministration', visitId, administeredMg: roll.pick([[85, drawn], [10, Math.max(10, drawn - 10)], [5, drawn + 10]]),
    route, site: one(roll, sites.length > 0 ? sites : ['left thigh']), witnessId: witness, ...signatures(roll, actor, witness, pinOf),
  };
}

function overdoseSteps(roll: Roll, visit: VisitView): Step[] {
  const by = roll.pick([[3, 'nurse'], [2, 'hca'], [1, 'nurse2'], [1, 'prescriber']] as const);
  const visitId = visit.visitId;
  const send = (intention: Record<string, unknown>): Step[] => [{ kind: 'send', by, intention }];
  // The response is over but the person is still in its care: observe, some time later.
  if (visit.overdose?.open !== true) return [{ kind: 'wait', minutes: 10 + Math.floor(roll.next() * 50) }, ...send(observation(roll, visitId, 0.1))];
  const given = visit.overdose.naloxone.length;
  return send(roll.pick([
    [given === 0 ? 50 : 10, { type: 'recordNaloxone', visitId, doseMg: one(roll, visit.naloxoneDosesMg.length > 0 ? visit.naloxoneDosesMg : [0.4]), route: 'IM', minutesAgo: 0 }],
    [given === 0 ? 35 : 70, { type: 'recordOverdoseOutcome', visitId, outcome: roll.pick([[70, 'recovered and observed'], [15, 'transferred to hospital'], [15, 'other']]), note: 'Breathing normally, talking' }],
    [15, observation(roll, visitId, 0.3)],
  ]));
}

/** What a careful member of staff would do next for this person, with the odd slip. */
export function nextSteps(dice: Dice, facts: StepFacts, pinOf: (key: StaffKey) => string): Step[] {
  const roll = new Roll(dice);
  const visit = openVisitOf(facts.room, facts.serviceUserId);
  if (!visit) return noVisitSteps(roll, facts);
  const visitId = visit.visitId;
  const nurse = one(roll, nurses);
  if (visit.overdose?.open === true && visit.step !== 'withheldInResponse') return overdoseSteps(roll, visit);
  const send = (by: StaffKey | null, intention: Record<string, unknown>): Step[] => [{ kind: 'send', by, intention }];
  const withhold = () => send(nurse, { type: 'withholdDose', visitId, reason });
  const afterNaloxone = (visit.overdose?.naloxone.length ?? 0) > 0 && visit.overdose?.open === false && roll.chance(0.3);
  if (afterNaloxone && facts.afterNaloxoneIntention !== null) {
    // Taken by phone by a nurse, or by the prescriber in person; now and then naming someone who is not a prescriber.
    const by = roll.pick([[2, 'prescriber'], [2, nurse]] as const);
    return send(by, { type: facts.afterNaloxoneIntention, visitId, prescriberId: roll.chance(0.9) ? 'prescriber' : nurse, reason: 'Reviewed: breathing and alertness normal' });
  }
  const hopeless = facts.lastRefusal !== null && noDoseAnyMore.includes(facts.lastRefusal);
  if ((hopeless || facts.refusedInARow >= 2) && roll.chance(0.8)) return givingUp(roll, visit, facts, nurse, pinOf);
  switch (visit.step) {
    case 'checkIn':
      return roll.chance(0.96) ? send(one(roll, clinical), { type: 'confirmIdentity', visitId }) : send('hca', { type: 'endVisit', visitId, reason: 'left before dose', note: null });
    case 'preDoseCheck':
      return roll.pick<Step[]>([
        [86, send(nurse, preDoseCheck(roll, visit, visitId, facts.lastRefusal === 'earlierFindingNeedsReason' || facts.lastRefusal === 'reasonNeeded'))],
        [5, withhold()],
        [4, send('hca', { type: 'endVisit', visitId, reason: 'declined dose', note: null })],
        [5, send('hca', { type: 'startOverdoseResponse', visitId, noticedMinutesAgo: 0 })],
      ]);
    case 'breathTest': {
      const by = one(roll, clinical);
      // After a cancelled test staff are tempted to type a reading in (issue 13, finding 5).
      const cancelled = visit.breath.lastError?.code === 'CANCELLED';
      if (facts.breathalyser && !visit.breath.inProgress && roll.chance(cancelled ? 0.4 : 0.75)) return [{ kind: 'breathTest', by, visitId, cancel: roll.chance(0.25) }];
      return roll.chance(0.9) ? send(by, manualReading(roll, visitId, by)) : withhold();
    }
    case 'breathReview':
      return send(nurse, { type: 'decideBreathReview', visitId, decision: roll.pick([[70, 'proceed'], [30, 'withhold']]), reason });
    case 'preparation':
      return roll.chance(0.94) ? send(nurse, preparation(roll, visit, visitId, nurse, pinOf)) : withhold();
    case 'administration': {
      const actor = (visit.witnessing.nurse && facts.keyOf(visit.witnessing.nurse.id)) ?? nurse;
      const witness = (visit.witnessing.witness && facts.keyOf(visit.witnessing.witness.id)) ?? witnessFor(roll, actor);
      // Declined after drawing up: all of it wasted, witnessed.
      if (roll.chance(0.05)) return send(actor, waste(roll, visitId, visit.injection.drawnMg ?? 0, actor, witness, pinOf));
      return send(actor, administration(roll, visit, visitId, actor, witness, pinOf));
    }
    case 'waste':
    case 'doseWasted': {
      const actor = (visit.witnessing.nurse && facts.keyOf(visit.witnessing.nurse.id)) ?? nurse;
      const witness = (visit.witnessing.witness && facts.keyOf(visit.witnessing.witness.id)) ?? witnessFor(roll, actor);
      if (visit.injection.surplusMg > 0) return send(actor, waste(roll, visitId, visit.injection.surplusMg, actor, witness, pinOf));
      return withhold();
    }
    case 'observation':
      return observationSteps(roll, visit, facts.room.now, nurse);
    case 'withheldInResponse':
      return overdoseSteps(roll, visit);
    default:
      return [];
  }
}

/**
 * Staff stop repeating a step the host keeps refusing (the session is over, the dose was lowered,
 * naloxone was given): waste what was drawn up, close the response, keep observing, or end the visit.
 */
function givingUp(roll: Roll, visit: VisitView, facts: StepFacts, nurse: StaffKey, pinOf: (key: StaffKey) => string): Step[] {
  const visitId = visit.visitId;
  const actor = (visit.witnessing.nurse && facts.keyOf(visit.witnessing.nurse.id)) ?? nurse;
  const witness = (visit.witnessing.witness && facts.keyOf(visit.witnessing.witness.id)) ?? witnessFor(roll, actor);
  if (visit.injection.surplusMg > 0) return [{ kind: 'send', by: actor, intention: waste(roll, visitId, visit.injection.surplusMg, actor, witness, pinOf) }];
  if (visit.overdose?.open === true) return [{ kind: 'send', by: nurse, intention: { type: 'recordOverdoseOutcome', visitId, outcome: 'recovered and observed', note: null } }];
  if (visit.observation.administeredAt !== null || visit.overdose !== null) {
    return roll.chance(0.6)
      ? [{ kind: 'wait', minutes: 15 + Math.floor(roll.next() * 45) }, { kind: 'send', by: nurse, intention: observation(roll, visitId, 0) }]
      : [{ kind: 'send', by: nurse, intention: { type: 'endVisit', visitId, reason: roll.pick([[1, 'left during observation'], [1, 'left against advice']]), note: 'Left before the end of observation' } }];
  }
  return [{ kind: 'send', by: nurse, intention: { type: 'endVisit', visitId, reason: 'other', note: 'Could not be dosed this session' } }];
}

function observationSteps(roll: Roll, visit: VisitView, now: string, nurse: StaffKey): Step[] {
  const visitId = visit.visitId;
  const by = one(roll, clinical);
  if (roll.chance(0.03)) return [{ kind: 'send', by: 'hca', intention: { type: 'startOverdoseResponse', visitId, noticedMinutesAgo: 0 } }];
  if (roll.chance(0.03)) return [{ kind: 'send', by, intention: { type: 'endVisit', visitId, reason: 'left during observation', note: null } }];
  const { administeredAt, earliestDischargeAt, records, dischargeProblems } = visit.observation;
  const sinceDose = records.filter((record) => administeredAt !== null && record.at >= administeredAt);
  if (sinceDose.length === 0) return [{ kind: 'send', by, intention: observation(roll, visitId, 0.1) }];
  if (earliestDischargeAt !== null && Date.parse(now) < Date.parse(earliestDischargeAt)) {
    const minutes = Math.ceil((Date.parse(earliestDischargeAt) - Date.parse(now)) / 60_000) + Math.floor(roll.next() * 4);
    return [{ kind: 'wait', minutes }, { kind: 'send', by, intention: observation(roll, visitId, 0.08) }];
  }
  if (dischargeProblems.length === 0) return [{ kind: 'send', by: nurse, intention: { type: 'dischargeVisit', visitId } }];
  return [{ kind: 'send', by, intention: observation(roll, visitId, 0.05) }];
}

function noVisitSteps(roll: Roll, facts: StepFacts): Step[] {
  const serviceUserId = facts.serviceUserId;
  if (facts.lastCheckInRefusal === 'missedSessionsBlock') {
    return [{ kind: 'send', by: 'prescriber', intention: { type: 'clearRetitrationBlock', serviceUserId, note: 'Reviewed and re-titrated' } }];
  }
  if (facts.lastCheckInRefusal === 'noPrescription') {
    return [{ kind: 'send', by: 'prescriber', intention: { type: 'issuePrescription', serviceUserId, ...facts.prescriptionToIssue } }];
  }
  const checkIn: Step = { kind: 'send', by: one(roll, clinical), intention: { type: 'startVisit', serviceUserId } };
  if (facts.lastCheckInRefusal !== null && comeBackLater.includes(facts.lastCheckInRefusal) && roll.chance(0.8)) {
    const minutes = facts.lastCheckInRefusal === 'tooSoonAfterLastDose' || facts.minutesToNextOpening === null
      ? 30 + Math.floor(roll.next() * 90)
      : facts.minutesToNextOpening + Math.floor(roll.next() * 30);
    return [{ kind: 'wait', minutes }, checkIn];
  }
  return [checkIn];
}

/** Any visit intention, with made-up values, from whoever the command names, whatever the visit's step. */
export function strayStep(type: VisitIntentionType, by: StaffKey, dice: Dice, facts: StepFacts, pinOf: (key: StaffKey) => string): Step {
  const roll = new Roll(dice);
  const open = openVisitOf(facts.room, facts.serviceUserId);
  const visit = open ?? facts.room.visits.filter((candidate) => candidate.person.id === facts.serviceUserId).at(-1) ?? null;
  const visitId = visit?.visitId ?? randomUUID();
  const witness = witnessFor(roll, by);
  const intention = ((): Record<string, unknown> => {
    switch (type) {
      case 'startVisit': return { type, serviceUserId: facts.serviceUserId };
      case 'confirmIdentity':
      case 'startBreathTest':
      case 'cancelBreathTest':
      case 'dischargeVisit':
        return { type, visitId };
      case 'recordPreDoseCheck': return preDoseCheck(roll, visit, visitId);
      case 'recordManualBreathReading': return manualReading(roll, visitId, by);
      case 'decideBreathReview': return { type, visitId, decision: roll.pick([[1, 'proceed'], [1, 'withhold']]), reason: roll.chance(0.8) ? reason : null };
      case 'recordPreparation': return { ...preparation(roll, visit, visitId, by, pinOf), drawnMg: roll.pick([[1, 150], [1, 200], [1, 120], [1, 400]]) };
      case 'recordAdministration': return administration(roll, visit, visitId, by, witness, pinOf);
      case 'recordWaste': return waste(roll, visitId, roll.pick([[1, visit?.injection.surplusMg || 10], [1, 150]]), by, witness, pinOf);
      case 'recordObservation': return observation(roll, visitId, 0.3);
      case 'withholdDose': return { type, visitId, reason: roll.chance(0.9) ? reason : null };
      case 'endVisit': return { type, visitId, reason: roll.pick([[1, 'left before dose'], [1, 'left during observation'], [1, 'transferred to hospital'], [1, 'left against advice'], [1, 'other']]), note: roll.chance(0.7) ? 'Left the building' : null };
      case 'startOverdoseResponse': return { type, visitId, noticedMinutesAgo: roll.pick([[3, 0], [1, 5]]) };
      case 'recordNaloxone': return { type, visitId, doseMg: roll.pick([[1, 0.4], [1, 0.8]]), route: roll.pick([[1, 'IM'], [1, 'IN']]), minutesAgo: 0 };
      case 'recordOverdoseOutcome': return { type, visitId, outcome: roll.pick([[1, 'recovered and observed'], [1, 'transferred to hospital'], [1, 'other']]), note: null };
    }
  })();
  return { kind: 'send', by, intention };
}
