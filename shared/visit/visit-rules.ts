/**
 * The clinical rules a visit step must satisfy, as pure functions that return the reasons a step
 * is refused, in words a nurse can act on. The machine's guards and the host's refusal messages
 * both come from here, so the screen never says "no" without saying why.
 */
import type { SiteRules } from '../site-rules/site-rules.js';
import type { BreathOutcome, Observation, VisitContext } from './visit-context.js';
import type { TwoPeople, VisitEvent, VisitEventOf } from './visit-events.js';

const minute = 60_000;
// Amounts are entered to at most two decimal places; compare with a tolerance well below that.
const amountTolerance = 0.001;

export function breathOutcome(rules: SiteRules, microgramsPer100ml: number): BreathOutcome {
  if (microgramsPer100ml >= rules.breathAlcohol.withholdAtOrAbove) return 'withhold';
  if (microgramsPer100ml >= rules.breathAlcohol.reviewAtOrAbove) return 'review';
  return 'clear';
}

function needsReason(reason: string | null): boolean {
  return reason === null || reason.trim().length === 0;
}

function roundAmount(mg: number): number {
  return Math.round(mg * 1000) / 1000;
}

function preDoseCheckProblems(context: VisitContext, event: VisitEventOf<'preDoseCheckRecorded'>): string[] {
  if (event.decision === 'withhold') {
    return needsReason(event.reason) ? ['Give a reason for withholding the dose.'] : [];
  }
  const problems: string[] = [];
  if (!context.rules.sedation.mayProceed.includes(event.sedation)) {
    problems.push(`Sedation level ${event.sedation} means the dose must be withheld. Record the decision to withhold.`);
  }
  const flagged = event.intoxicationSigns || event.selfReportedUse.length > 0;
  if (flagged && needsReason(event.reason)) {
    problems.push('Signs of intoxication or reported use need the nurse\'s reason to proceed.');
  }
  return problems;
}

function breathReviewProblems(event: VisitEventOf<'breathReviewDecided'>): string[] {
  return needsReason(event.reason) ? ['The breath reading is over the review level: give the reason for this decision.'] : [];
}

function samePair(a: TwoPeople, b: TwoPeople): boolean {
  return a.nurseId === b.nurseId && a.witnessId === b.witnessId;
}

/** Roles are not swapped mid-procedure: the pair who prepared records and witnesses the rest. */
function pairProblems(context: VisitContext, staff: TwoPeople): string[] {
  return context.preparation && !samePair(context.preparation.staff, staff)
    ? ['The nurse and witness who prepared this dose must record and witness this step too.']
    : [];
}

function preparationProblems(context: VisitContext, event: VisitEventOf<'dosePrepared'>): string[] {
  const { prescription } = context;
  const problems: string[] = [];
  if (event.drug !== prescription.drug) problems.push(`The prescription is for ${prescription.drug}, not ${event.drug}.`);
  if (event.drawnMg > prescription.dosePerSessionMg + amountTolerance) {
    problems.push(`${event.drawnMg} mg is more than the prescribed ${prescription.dosePerSessionMg} mg. Draw up no more than the prescribed dose.`);
  }
  return problems;
}

function administrationProblems(context: VisitContext, event: VisitEventOf<'doseAdministered'>): string[] {
  const drawn = context.preparation?.drawnMg ?? 0;
  const problems = pairProblems(context, event.staff);
  if (event.administeredMg > drawn + amountTolerance) {
    problems.push(`${event.administeredMg} mg administered is more than the ${drawn} mg drawn up.`);
  }
  if (!context.prescription.routes.includes(event.route)) {
    problems.push(`The prescription allows ${context.prescription.routes.join(' or ')}, not ${event.route}.`);
  }
  return problems;
}

/** Drawn up but neither administered nor wasted yet: what the register still has to account for. */
export function unaccountedMg(context: VisitContext): number {
  if (!context.preparation) return 0;
  const used = (context.administration?.administeredMg ?? 0) + (context.waste?.wastedMg ?? 0);
  return roundAmount(context.preparation.drawnMg - used);
}

function wasteProblems(context: VisitContext, event: VisitEventOf<'surplusWasted'>): string[] {
  const left = unaccountedMg(context);
  const problems = pairProblems(context, event.staff);
  if (Math.abs(left - event.wastedMg) > amountTolerance) {
    problems.push(`Amounts must balance: ${left} mg is left over, so ${left} mg must be wasted (${event.wastedMg} mg entered).`);
  }
  return problems;
}

export function observationAcceptable(rules: SiteRules, observation: Observation): boolean {
  return rules.sedation.acceptableForDischarge.includes(observation.sedation) &&
    observation.respiratoryRate >= rules.observation.minimumRespiratoryRate;
}

export function earliestDischargeAt(context: VisitContext): string | null {
  if (!context.administration) return null;
  const administeredAt = Date.parse(context.administration.at);
  return new Date(administeredAt + context.rules.observation.minimumMinutes * minute).toISOString();
}

export function dischargeProblems(context: VisitContext, at: string): string[] {
  const earliest = earliestDischargeAt(context);
  if (earliest === null) return ['No dose has been administered in this visit.'];
  const problems: string[] = [];
  const minutesLeft = Math.ceil((Date.parse(earliest) - Date.parse(at)) / minute);
  if (minutesLeft > 0) {
    problems.push(`Observation must go on for ${minutesLeft} more min: the minimum is ${context.rules.observation.minimumMinutes} min after the dose.`);
  }
  const last = context.observations.at(-1);
  if (!last || Date.parse(last.at) < Date.parse(earliest)) {
    problems.push('Record an observation before discharge, once the minimum observation time has passed.');
  } else if (!observationAcceptable(context.rules, last)) {
    problems.push(`The last observation (sedation ${last.sedation}, respiratory rate ${last.respiratoryRate}/min) is not safe for discharge.`);
  }
  return problems;
}

function endProblems(context: VisitContext, event: VisitEventOf<'visitEnded'>): string[] {
  const problems = unaccountedProblems(context, 'ending the visit');
  if (event.reason === 'other' && needsReason(event.note)) problems.push('Say why the visit is ending.');
  return problems;
}

/** The controlled-drug register must balance before a visit closes (Misuse of Drugs Regulations reg 19). */
function unaccountedProblems(context: VisitContext, step: string): string[] {
  const left = unaccountedMg(context);
  return left > amountTolerance
    ? [`${left} mg drawn up is not accounted for. Record it as administered or wasted (witnessed) before ${step}.`]
    : [];
}

function requestedBreathTestProblems(context: VisitContext): string[] {
  return context.breath.requestedAt === null ? ['No breath test was asked for in this visit.'] : [];
}

/** Reasons this event would be refused by the clinical rules, given the visit so far. */
export function problemsWith(context: VisitContext, event: VisitEvent): string[] {
  switch (event.type) {
    case 'preDoseCheckRecorded': return preDoseCheckProblems(context, event);
    case 'breathReviewDecided': return breathReviewProblems(event);
    case 'dosePrepared': return preparationProblems(context, event);
    case 'doseAdministered': return administrationProblems(context, event);
    case 'surplusWasted': return wasteProblems(context, event);
    case 'doseWithheld': return unaccountedProblems(context, 'withholding the dose');
    case 'visitDischarged': return dischargeProblems(context, event.at);
    case 'visitEnded': return endProblems(context, event);
    case 'breathResultRecorded':
    case 'breathTestFailed':
      return requestedBreathTestProblems(context);
    case 'identityConfirmed':
    case 'breathTestStarted':
    case 'observationRecorded':
      return [];
  }
}
