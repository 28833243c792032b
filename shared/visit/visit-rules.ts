/**
 * The clinical rules a visit step must satisfy, as pure functions that return the reasons a step
 * is refused, each a stable code and words a nurse can act on. The machine's guards and the host's refusal messages
 * both come from here, so the screen never says "no" without saying why.
 */
import { refusal, type Refusal } from '../refusals/refusal.js';
import type { SiteRules } from '../site-rules/site-rules.js';
import type { BreathOutcome, Observation, OverdoseResponse, VisitContext } from './visit-context.js';
import { injectionSites, type TwoPeople, type VisitEvent, type VisitEventOf } from './visit-events.js';

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

function reducedDoseProblems(context: VisitContext, event: VisitEventOf<'preDoseCheckRecorded'>): Refusal[] {
  const range = context.prescription.reducedDoseRange;
  if (!range) return [refusal('reducedDoseNotPrescribed', 'The prescription does not allow a reduced dose: proceed or withhold, or ask the prescriber.')];
  const mg = event.reducedDoseMg;
  if (mg === null || mg < range.minMg - amountTolerance || mg > range.maxMg + amountTolerance) {
    return [refusal('reducedDoseOutOfRange', `Choose a reduced dose between ${range.minMg} mg and ${range.maxMg} mg, as prescribed.`)];
  }
  return [];
}

function sedationProblems(rules: SiteRules, event: VisitEventOf<'preDoseCheckRecorded'>): Refusal[] {
  const { sedation } = rules;
  if (sedation.mayProceed.includes(event.sedation)) return [];
  const level = `Sedation level ${event.sedation}`;
  if (event.decision === 'reduce' && sedation.mayReduceWithPrescriberContact.includes(event.sedation)) {
    return needsReason(event.prescriberContact)
      ? [refusal('prescriberAgreementNeeded', `${level}: a reduced dose needs the prescriber's agreement. Record who you contacted.`)]
      : [];
  }
  return sedation.mayReduceWithPrescriberContact.includes(event.sedation)
    ? [refusal('sedationWithholds', `${level} means the dose must be withheld, or reduced with the prescriber's agreement.`)]
    : [refusal('sedationWithholds', `${level} means the dose must be withheld. Record the decision to withhold.`)];
}

function preDoseCheckProblems(context: VisitContext, event: VisitEventOf<'preDoseCheckRecorded'>): Refusal[] {
  if (event.decision === 'withhold') {
    return needsReason(event.reason) ? [refusal('reasonNeeded', 'Give a reason for withholding the dose.')] : [];
  }
  const problems = sedationProblems(context.rules, event);
  if (event.decision === 'reduce') {
    problems.push(...reducedDoseProblems(context, event));
    if (needsReason(event.reason)) problems.push(refusal('reasonNeeded', 'Give a reason for reducing the dose.'));
  }
  const flagged = event.intoxicationSigns || event.selfReportedUse.length > 0;
  if (flagged && event.decision === 'proceed' && needsReason(event.reason)) {
    problems.push(refusal('reasonNeeded', 'Signs of intoxication or reported use need the nurse\'s reason to proceed.'));
  }
  return problems;
}

/** The overdose response still open in this visit, if any. */
export function openOverdoseResponse(context: VisitContext): OverdoseResponse | null {
  const last = context.overdoseResponses.at(-1);
  return last && last.outcome === null ? last : null;
}

function noOpenResponse(context: VisitContext, step: string): Refusal[] {
  return openOverdoseResponse(context)
    ? [refusal('overdoseResponseOpen', `The overdose response is still open: record its outcome before ${step}.`)]
    : [];
}

/** The most that may still be given today: the daily maximum less what has been given. */
export function dailyAllowanceMg(context: VisitContext): number {
  return roundAmount(Math.max(0, context.rules.dosing.maximumDailyMg - context.givenTodayMg));
}

function breathReviewProblems(event: VisitEventOf<'breathReviewDecided'>): Refusal[] {
  return needsReason(event.reason) ? [refusal('reasonNeeded', 'The breath reading is over the review level: give the reason for this decision.')] : [];
}

function samePair(a: TwoPeople, b: TwoPeople): boolean {
  return a.nurseId === b.nurseId && a.witnessId === b.witnessId;
}

/** Roles are not swapped mid-procedure: the pair who prepared records and witnesses the rest. */
function pairProblems(context: VisitContext, staff: TwoPeople): Refusal[] {
  return context.preparation && !samePair(context.preparation.staff, staff)
    ? [refusal('pairChanged', 'The nurse and witness who prepared this dose must record and witness this step too.')]
    : [];
}

function preparationProblems(context: VisitContext, event: VisitEventOf<'dosePrepared'>): Refusal[] {
  const { prescription } = context;
  const problems = noOpenResponse(context, 'preparing a dose');
  if (event.drug !== prescription.drug) problems.push(refusal('wrongDrug', `The prescription is for ${prescription.drug}, not ${event.drug}.`));
  const reduced = context.doseTargetMg < prescription.dosePerSessionMg;
  if (event.drawnMg > context.doseTargetMg + amountTolerance) {
    problems.push(refusal('overDoseTarget', reduced
      ? `${event.drawnMg} mg is more than the reduced dose of ${context.doseTargetMg} mg decided at the pre-dose check.`
      : `${event.drawnMg} mg is more than the prescribed ${prescription.dosePerSessionMg} mg. Draw up no more than the prescribed dose.`));
  }
  const allowance = dailyAllowanceMg(context);
  if (event.drawnMg > allowance + amountTolerance) {
    problems.push(refusal('overDailyMaximum', `${event.drawnMg} mg would go over the daily maximum of ${context.rules.dosing.maximumDailyMg} mg: ` +
      `${context.givenTodayMg} mg has been given today, so at most ${allowance} mg may be drawn up.`));
  }
  return problems;
}

function administrationProblems(context: VisitContext, event: VisitEventOf<'doseAdministered'>): Refusal[] {
  const drawn = context.preparation?.drawnMg ?? 0;
  const problems = [...noOpenResponse(context, 'recording the dose'), ...pairProblems(context, event.staff)];
  if (event.administeredMg > drawn + amountTolerance) {
    problems.push(refusal('moreThanDrawn', `${event.administeredMg} mg administered is more than the ${drawn} mg drawn up.`));
  }
  if (!context.prescription.routes.includes(event.route)) {
    problems.push(refusal('routeNotPrescribed', `The prescription allows ${context.prescription.routes.join(' or ')}, not ${event.route}.`));
  } else if (!context.rules.dosing.routes.includes(event.route)) {
    problems.push(refusal('routeNotGivenHere', `This site does not give doses by ${event.route}.`));
  }
  const sites: readonly string[] = injectionSites[event.route];
  if (!sites.includes(event.site)) problems.push(refusal('wrongInjectionSite', `${event.site} is not an injection site for ${event.route}: choose ${sites.join(', ')}.`));
  return problems;
}

/** Drawn up but neither administered nor wasted yet: what the register still has to account for. */
export function unaccountedMg(context: VisitContext): number {
  if (!context.preparation) return 0;
  const used = (context.administration?.administeredMg ?? 0) + (context.waste?.wastedMg ?? 0);
  return roundAmount(context.preparation.drawnMg - used);
}

function wasteProblems(context: VisitContext, event: VisitEventOf<'surplusWasted'>): Refusal[] {
  const left = unaccountedMg(context);
  const problems = pairProblems(context, event.staff);
  if (Math.abs(left - event.wastedMg) > amountTolerance) {
    problems.push(refusal('amountsDoNotBalance', `Amounts must balance: ${left} mg is left over, so ${left} mg must be wasted (${event.wastedMg} mg entered).`));
  }
  return problems;
}

export function observationAcceptable(rules: SiteRules, observation: Observation): boolean {
  return rules.sedation.acceptableForDischarge.includes(observation.sedation) &&
    observation.respiratoryRate >= rules.observation.minimumRespiratoryRate;
}

function lastNaloxoneAt(context: VisitContext): number | null {
  const times = context.overdoseResponses.flatMap((response) => response.naloxone.map((dose) => Date.parse(dose.givenAt)));
  return times.length > 0 ? Math.max(...times) : null;
}

/**
 * The timer is anchored to stored wall-clock times (the dose, the last naloxone), never to an
 * in-memory timer, so it is right after a restart.
 */
export function earliestDischargeAt(context: VisitContext): string | null {
  if (!context.administration) return null;
  const { minimumMinutes, minimumMinutesAfterNaloxone } = context.rules.observation;
  const afterDose = Date.parse(context.administration.at) + minimumMinutes * minute;
  const naloxone = lastNaloxoneAt(context);
  const afterNaloxone = naloxone === null ? afterDose : naloxone + minimumMinutesAfterNaloxone * minute;
  // An overdose, even one that needed no naloxone, restarts the minimum observation from its start.
  const response = lastResponseStartedAt(context);
  const afterResponse = response === null ? afterDose : response + minimumMinutes * minute;
  return new Date(Math.max(afterDose, afterNaloxone, afterResponse)).toISOString();
}

function lastResponseStartedAt(context: VisitContext): number | null {
  const last = context.overdoseResponses.at(-1);
  return last ? Date.parse(last.startedAt) : null;
}

function observationTimeProblems(context: VisitContext, earliest: string, at: string): Refusal[] {
  const minutesLeft = Math.ceil((Date.parse(earliest) - Date.parse(at)) / minute);
  if (minutesLeft <= 0) return [];
  const { minimumMinutes, minimumMinutesAfterNaloxone } = context.rules.observation;
  if (lastNaloxoneAt(context) !== null) {
    return [refusal('observationTimeLeft', `Observation must go on for ${minutesLeft} more min: at least ${minimumMinutesAfterNaloxone} min after the last naloxone dose.`)];
  }
  return [refusal('observationTimeLeft', context.overdoseResponses.length > 0
    ? `Observation must go on for ${minutesLeft} more min: at least ${minimumMinutes} min after the overdose response started.`
    : `Observation must go on for ${minutesLeft} more min: the minimum is ${minimumMinutes} min after the dose.`)];
}

function lastObservationProblems(context: VisitContext, earliest: string): Refusal[] {
  const administeredAt = Date.parse(context.administration?.at ?? earliest);
  const afterDose = context.observations.filter((record) => Date.parse(record.at) >= administeredAt);
  const last = afterDose.at(-1);
  if (!last || Date.parse(last.at) < Date.parse(earliest)) {
    return [refusal('observationNeeded', 'Record an observation before discharge, once the minimum observation time has passed.')];
  }
  if (afterDose.length < 2) return [refusal('observationNeeded', 'Two observations are needed: one at the start of observation and one before discharge.')];
  const responseEnded = context.overdoseResponses.at(-1)?.outcome?.at;
  if (responseEnded && Date.parse(last.at) < Date.parse(responseEnded)) {
    return [refusal('observationNeeded', 'Record an observation taken after the overdose response ended, before discharge.')];
  }
  if (!observationAcceptable(context.rules, last)) {
    return [refusal('observationNotSafe', `The last observation (sedation ${last.sedation}, respiratory rate ${last.respiratoryRate}/min) is not safe for discharge.`)];
  }
  if (context.rules.observation.recordOxygenSaturation && last.oxygenSaturation === null) {
    return [refusal('oxygenSaturationNeeded', 'This site records SpO2 before discharge: add it to the last observation.')];
  }
  return [];
}

export function dischargeProblems(context: VisitContext, at: string): Refusal[] {
  const earliest = earliestDischargeAt(context);
  if (earliest === null) return [refusal('noDoseGiven', 'No dose has been administered in this visit.')];
  return [
    ...noOpenResponse(context, 'discharge'),
    ...observationTimeProblems(context, earliest, at),
    ...lastObservationProblems(context, earliest),
  ];
}

function endProblems(context: VisitContext, event: VisitEventOf<'visitEnded'>): Refusal[] {
  const problems = [...noOpenResponse(context, 'ending the visit'), ...unaccountedProblems(context, 'ending the visit')];
  if (event.reason === 'other' && needsReason(event.note)) problems.push(refusal('reasonNeeded', 'Say why the visit is ending.'));
  return problems;
}

/** The controlled-drug register must balance before a visit closes (Misuse of Drugs Regulations reg 19). */
function unaccountedProblems(context: VisitContext, step: string): Refusal[] {
  const left = unaccountedMg(context);
  return left > amountTolerance
    ? [refusal('doseUnaccounted', `${left} mg drawn up is not accounted for. Record it as administered or wasted (witnessed) before ${step}.`)]
    : [];
}

function requestedBreathTestProblems(context: VisitContext): Refusal[] {
  return context.breath.requestedAt === null ? [refusal('breathTestNotAsked', 'No breath test was asked for in this visit.')] : [];
}

/** Reasons this event would be refused by the clinical rules, given the visit so far. */
export function problemsWith(context: VisitContext, event: VisitEvent): Refusal[] {
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
    case 'manualBreathReadingRecorded':
      return context.breath.required ? [] : [refusal('breathTestNotNeeded', 'No breath test is needed in this visit.')];
    case 'overdoseOutcomeRecorded':
      return openOverdoseResponse(context) ? [] : [refusal('overdoseResponseNotOpen', 'No overdose response is open in this visit.')];
    // Said in words, not "not open at this stage": the nurse must see the response is running.
    case 'overdoseResponseStarted':
      return openOverdoseResponse(context)
        ? [refusal('overdoseResponseOpen', 'The overdose response is already open: record naloxone, oxygen, rescue breathing or the emergency call on it.')]
        : [];
    case 'identityConfirmed':
    case 'breathTestStarted':
    case 'observationRecorded':
    case 'naloxoneGiven':
    case 'oxygenGiven':
    case 'rescueBreathingGiven':
    case 'emergencyServicesCalled':
      return [];
  }
}
