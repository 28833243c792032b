/**
 * The clinical rules a visit step must satisfy, as pure functions that return the reasons a step
 * is refused, each a stable code and words a nurse can act on. The machine's guards and the host's refusal messages
 * both come from here, so the screen never says "no" without saying why.
 */
import { reasonsOf, refusal, type Refusal } from '../refusals/refusal.js';
import { productNotPrescribed } from '../register/prescribed-forms.js';
import type { SedationLevel, SiteRules } from '../site-rules/site-rules.js';
import type { BreathOutcome, Observation, OverdoseResponse, VisitContext } from './visit-context.js';
import {
  injectionSites, type DoseTerms, type EndReason, type PrescriptionSnapshot, type TwoPeople, type VisitEvent, type VisitEventOf,
} from './visit-events.js';

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
  const earlier = context.findings.flatMap((finding) => findingConcerns(context.rules, finding));
  const problems = sedationProblems(context.rules, event);
  if (event.decision === 'reduce') {
    problems.push(...reducedDoseProblems(context, event));
    if (needsReason(event.reason)) problems.push(refusal('reasonNeeded', 'Give a reason for reducing the dose.'));
  }
  const flagged = event.intoxicationSigns || event.selfReportedUse.length > 0;
  if (flagged && event.decision === 'proceed' && needsReason(event.reason)) {
    problems.push(refusal('reasonNeeded', 'Signs of intoxication or reported use need the nurse\'s reason to proceed.'));
  }
  // One request for a reason is enough: the earlier finding is named only when nothing else asks for one.
  if (!problems.some((problem) => problem.code === 'reasonNeeded')) problems.push(...earlierFindingsProblems([...new Set(earlier)], event));
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

/** What a dose step is judged against: the terms it carries (the host's, at that moment), else the visit's. */
export function termsOf(context: VisitContext, event?: { terms?: DoseTerms | undefined }): DoseTerms {
  return event?.terms ?? { rules: context.rules, prescription: context.prescription, givenTodayMg: context.givenTodayMg };
}

/** The most that may be drawn up: the prescribed dose in force, or less where the nurse reduced it. */
export function doseTargetOf(context: VisitContext, prescription: PrescriptionSnapshot): number {
  const check = context.preDoseCheck;
  const reduced = check?.decision === 'reduce' && check.reducedDoseMg !== null ? check.reducedDoseMg : Infinity;
  return Math.min(reduced, prescription.dosePerSessionMg);
}

/** The most that may still be given today: the daily maximum less what has been given. */
export function dailyAllowanceMg(context: VisitContext, terms: DoseTerms = termsOf(context)): number {
  return roundAmount(Math.max(0, terms.rules.dosing.maximumDailyMg - terms.givenTodayMg));
}

/**
 * No diamorphine after naloxone (docs/clinical-protocol.md, "After naloxone") unless a prescriber
 * decided so after the last dose of it. In this visit "after" is the order of the steps: every
 * naloxone dose clears the decisions before it (the machine does), so one that is left came after.
 * `otherVisitsNaloxoneAt`: the last naloxone in another visit of this session (the host knows
 * those), which only a decision recorded strictly later lifts; null when there was none.
 */
export function afterNaloxoneProblems(context: VisitContext, otherVisitsNaloxoneAt: number | null): Refusal[] {
  const inThisVisit = lastNaloxoneAt(context) !== null && context.naloxoneDecisions.length === 0;
  const inAnother = otherVisitsNaloxoneAt !== null &&
    !context.naloxoneDecisions.some((decision) => Date.parse(decision.at) > otherVisitsNaloxoneAt);
  return !inThisVisit && !inAnother ? [] : [refusal('naloxoneGivenThisSession',
    'Naloxone was given this session: no diamorphine unless a prescriber decides so. Record the prescriber\'s decision and reason first, or withhold the dose.')];
}

/**
 * The pre-dose findings and breath reading judged again under the rules in force at the dose step:
 * a threshold lowered since the check must stop a dose the new rule would have withheld.
 */
function findingsUnderRulesProblems(context: VisitContext, rules: SiteRules): Refusal[] {
  const problems: Refusal[] = [];
  const check = context.preDoseCheck;
  if (check && !rules.sedation.mayProceed.includes(check.sedation)) {
    const reducedWithPrescriber = check.decision === 'reduce' && rules.sedation.mayReduceWithPrescriberContact.includes(check.sedation) &&
      !needsReason(check.prescriberContact);
    if (!reducedWithPrescriber) {
      problems.push(refusal('sedationWithholds', `The site rules in force now withhold a dose at sedation level ${check.sedation}, found at the pre-dose check: withhold the dose (waste anything drawn up, witnessed).`));
    }
  }
  const reading = context.breath.reading?.microgramsPer100mlBreath;
  if (reading !== undefined) {
    const outcome = breathOutcome(rules, reading);
    if (outcome === 'withhold') {
      problems.push(refusal('breathWithholds', `Breath alcohol ${reading} µg/100 mL is at or above the withhold level in force now (${rules.breathAlcohol.withholdAtOrAbove}): withhold the dose.`));
    } else if (outcome === 'review' && context.breath.reviewReason === null) {
      problems.push(refusal('breathReviewNeeded', `Breath alcohol ${reading} µg/100 mL is at or above the review level in force now (${rules.breathAlcohol.reviewAtOrAbove}): withhold the dose, or end the visit and check in again for the nurse's review.`));
    }
  }
  return problems;
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

/** What every step that prepares or gives diamorphine must satisfy, judged against the terms in force. */
function dosingProblems(context: VisitContext, terms: DoseTerms, step: string): Refusal[] {
  return [
    ...noOpenResponse(context, step),
    ...afterNaloxoneProblems(context, null),
    ...findingsUnderRulesProblems(context, terms.rules),
  ];
}

function preparationProblems(context: VisitContext, event: VisitEventOf<'dosePrepared'>): Refusal[] {
  const terms = termsOf(context, event);
  const { prescription } = terms;
  const problems = dosingProblems(context, terms, 'preparing a dose');
  if (event.drug !== prescription.drug) problems.push(refusal('wrongDrug', `The prescription is for ${prescription.drug}, not ${event.drug}.`));
  // The product drawn from, judged against the prescription the step carries (the one in force at
  // preparation), so a replayed visit holds to it too. Preparations from before named no product.
  const notPrescribed = event.product ? productNotPrescribed(prescription, event.product) : null;
  if (notPrescribed) problems.push(refusal('productNotPrescribed', notPrescribed));
  const target = doseTargetOf(context, prescription);
  if (event.drawnMg > target + amountTolerance) {
    problems.push(refusal('overDoseTarget', target < prescription.dosePerSessionMg
      ? `${event.drawnMg} mg is more than the reduced dose of ${target} mg decided at the pre-dose check.`
      : `${event.drawnMg} mg is more than the prescribed ${prescription.dosePerSessionMg} mg. Draw up no more than the prescribed dose.`));
  }
  const allowance = dailyAllowanceMg(context, terms);
  if (event.drawnMg > allowance + amountTolerance) {
    problems.push(refusal('overDailyMaximum', `${event.drawnMg} mg would go over the daily maximum of ${terms.rules.dosing.maximumDailyMg} mg: ` +
      `${terms.givenTodayMg} mg has been given today, so at most ${allowance} mg may be drawn up.`));
  }
  return problems;
}

/** A dose drawn up under terms that have since tightened cannot be given: it is wasted whole. */
function drawnUpNoLongerAllowed(context: VisitContext, terms: DoseTerms, drawn: number): Refusal[] {
  const target = doseTargetOf(context, terms.prescription);
  const allowance = dailyAllowanceMg(context, terms);
  if (drawn <= Math.min(target, allowance) + amountTolerance) return [];
  const limit = target <= allowance
    ? `the prescription in force now allows ${target} mg`
    : `only ${allowance} mg is left of today's maximum of ${terms.rules.dosing.maximumDailyMg} mg`;
  return [refusal('drawnDoseNoLongerAllowed', `${drawn} mg was drawn up, but ${limit}. Do not give it: waste the whole ${drawn} mg, witnessed, and ask the prescriber.`)];
}

function administrationProblems(context: VisitContext, event: VisitEventOf<'doseAdministered'>): Refusal[] {
  const terms = termsOf(context, event);
  const drawn = context.preparation?.drawnMg ?? 0;
  const problems = [...dosingProblems(context, terms, 'recording the dose'), ...pairProblems(context, event.staff)];
  problems.push(...drawnUpNoLongerAllowed(context, terms, drawn));
  if (event.administeredMg > drawn + amountTolerance) {
    problems.push(refusal('moreThanDrawn', `${event.administeredMg} mg administered is more than the ${drawn} mg drawn up.`));
  }
  if (!terms.prescription.routes.includes(event.route)) {
    problems.push(refusal('routeNotPrescribed', `The prescription allows ${terms.prescription.routes.join(' or ')}, not ${event.route}.`));
  } else if (!terms.rules.dosing.routes.includes(event.route)) {
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

/** The red-flag thresholds an observation is past, in words (empty: none). */
export function redFlagsOf(rules: SiteRules, observation: Observation): string[] {
  const { redFlags } = rules.observation;
  const flags: string[] = [];
  if (redFlags.sedation.includes(observation.sedation)) flags.push(`sedation ${observation.sedation}`);
  if (observation.respiratoryRate < redFlags.respiratoryRateBelow) {
    flags.push(`breathing ${observation.respiratoryRate}/min (under ${redFlags.respiratoryRateBelow})`);
  }
  if (observation.oxygenSaturation !== null && observation.oxygenSaturation < redFlags.oxygenSaturationBelow) {
    flags.push(`SpO2 ${observation.oxygenSaturation}% (under ${redFlags.oxygenSaturationBelow}%)`);
  }
  return flags;
}

export function observationAcceptable(rules: SiteRules, observation: Observation): boolean {
  return rules.sedation.acceptableForDischarge.includes(observation.sedation) &&
    observation.respiratoryRate >= rules.observation.minimumRespiratoryRate && redFlagsOf(rules, observation).length === 0;
}

/** What a pre-dose finding shows that needs answering: sedation beyond proceed, signs or reported use. */
export function findingConcerns(rules: SiteRules, finding: { sedation: SedationLevel; intoxicationSigns: boolean; selfReportedUse: readonly string[] }): string[] {
  const concerns: string[] = [];
  if (!rules.sedation.mayProceed.includes(finding.sedation)) concerns.push(`sedation ${finding.sedation}`);
  if (finding.intoxicationSigns) concerns.push('signs of intoxication');
  if (finding.selfReportedUse.length > 0) concerns.push(`reported use of ${finding.selfReportedUse.join(', ')}`);
  return concerns;
}

/**
 * A finding recorded earlier in the session (a refused check, a withheld or ended visit) is not
 * undone by a better one: going ahead needs the nurse's reason, given with it in view.
 */
export function earlierFindingsProblems(concerns: readonly string[], event: VisitEventOf<'preDoseCheckRecorded'>): Refusal[] {
  if (concerns.length === 0 || event.decision === 'withhold' || !needsReason(event.reason)) return [];
  return [refusal('earlierFindingNeedsReason',
    `Earlier this session the pre-dose check found ${concerns.join('; ')}. Give the reason it is safe to go ahead now, or withhold the dose.`)];
}

/** The end reasons that may close a visit before the observation an overdose response needs: recorded, never refused. */
export const exitsBeforeObservationEnds: readonly EndReason[] = ['transferred to hospital', 'left against advice'];

/** When observation after this visit's overdose responses has run its time: from the last naloxone, or the response's start. */
export function observedAfterResponseFrom(context: VisitContext): number | null {
  const started = lastResponseStartedAt(context);
  if (started === null) return null;
  const { minimumMinutes, minimumMinutesAfterNaloxone } = context.rules.observation;
  const naloxone = lastNaloxoneAt(context);
  return Math.max(started + minimumMinutes * minute, naloxone === null ? 0 : naloxone + minimumMinutesAfterNaloxone * minute);
}

/**
 * A visit with an overdose response closes only after the observation it needs, whatever outcome
 * was recorded: the time has passed, and an observation since then (and since the outcome) is safe.
 */
export function afterResponseProblems(context: VisitContext, at: string): Refusal[] {
  const from = observedAfterResponseFrom(context);
  if (from === null) return [];
  const open = noOpenResponse(context, 'the visit can close');
  if (open.length > 0) return open;
  const exits = 'If the person was taken to hospital or left against advice, record that with End visit.';
  const minutesLeft = Math.ceil((from - Date.parse(at)) / minute);
  const naloxone = lastNaloxoneAt(context) !== null;
  if (minutesLeft > 0) {
    return [refusal('observationTimeLeft', `After the overdose response the person must be observed for ${minutesLeft} more min ` +
      `(${naloxone ? `${context.rules.observation.minimumMinutesAfterNaloxone} min after the last naloxone` : `${context.rules.observation.minimumMinutes} min after the response began`}). ${exits}`)];
  }
  const last = context.observations.at(-1);
  const outcomeAt = context.overdoseResponses.at(-1)?.outcome?.at;
  if (!last || Date.parse(last.at) < from || (outcomeAt !== undefined && Date.parse(last.at) < Date.parse(outcomeAt))) {
    return [refusal('observationNeeded', `Record an observation now, at the end of the observation after the overdose response, before the visit closes. ${exits}`)];
  }
  if (!observationAcceptable(context.rules, last)) {
    return [refusal('observationNotSafe', `The last observation (${describeObservation(last)}) is not safe for the person to leave. ${exits}`)];
  }
  return [];
}

function describeObservation(observation: Observation): string {
  const spo2 = observation.oxygenSaturation === null ? '' : `, SpO2 ${observation.oxygenSaturation}%`;
  return `sedation ${observation.sedation}, respiratory rate ${observation.respiratoryRate}/min${spo2}`;
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
    const flags = redFlagsOf(context.rules, last);
    return [refusal('observationNotSafe', `The last observation (${describeObservation(last)}) is not safe for discharge` +
      (flags.length > 0 ? `: red flag, ${flags.join(', ')}. Watch closely, start the overdose response if needed, and observe again.` : '.'))];
  }
  if (context.rules.observation.recordOxygenSaturation && last.oxygenSaturation === null) {
    return [refusal('oxygenSaturationNeeded', 'This site records SpO2 before discharge: add it to the last observation.')];
  }
  return [];
}

export function dischargeProblems(context: VisitContext, at: string): Refusal[] {
  const earliest = earliestDischargeAt(context);
  // Withheld, under observation after an overdose response: it closes once that observation is done.
  if (earliest === null && context.overdoseResponses.length > 0) return afterResponseProblems(context, at);
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
  if (problems.length === 0 && !exitsBeforeObservationEnds.includes(event.reason)) {
    const observation = afterResponseProblems(context, event.at);
    if (observation.length > 0) {
      problems.push(refusal('observationAfterResponseNeeded', `The visit cannot end yet: ${reasonsOf(observation)}`));
    }
  }
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
    case 'preDoseFindingsRecorded':
    case 'prescriberDecidedAfterNaloxone':
    case 'breathTestStarted':
    case 'observationRecorded':
    case 'naloxoneGiven':
    case 'oxygenGiven':
    case 'rescueBreathingGiven':
    case 'emergencyServicesCalled':
      return [];
  }
}
