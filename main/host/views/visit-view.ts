/**
 * One visit as its screen draws it: the person's card, the step and what is due, and for each
 * step what it needs before the tap (the sedation choices and what each allows, the breath
 * thresholds, whether a reading by hand is open, the most that may be drawn up, the sites for a
 * route, the problems still standing before discharge). Identity beyond the card is sent only at
 * check-in, where it is checked.
 */
import { clockTimeIn } from '../../../shared/clinic-time/clinic-day.js';
import type { VisitView } from '../../../shared/contract/index.js';
import { productNotPrescribed, sameDrug } from '../../../shared/register/prescribed-forms.js';
import { sedationLevels, type SiteRules } from '../../../shared/site-rules/site-rules.js';
import type { VisitContext } from '../../../shared/visit/visit-context.js';
import { NaloxoneRoute, OverdoseOutcome, SubstanceUsed, injectionSites, type DoseTerms, type PrescriptionSnapshot } from '../../../shared/visit/visit-events.js';
import {
  dailyAllowanceMg, dischargeProblems, doseTargetOf, earliestDischargeAt, termsOf, unaccountedMg,
} from '../../../shared/visit/visit-rules.js';
import { stageOfState } from '../../../shared/visit/visit-states.js';
import { stateOf, type VisitSnapshot } from '../../../shared/visit/visit-steps.js';
import type { DeviceState } from '../../devices/breathalyser/breathalyser.js';
import { snapshotOf, type ServiceUser } from '../records/reference-data.js';
import type { StaffOnDuty } from '../staff/staff-on-duty.js';
import { mgOpenedFor } from '../register/stock-rules.js';
import { availableMg } from '../register/stock-on-hand.js';
import type { StockRecords } from '../records/stock-records.js';
import { manualEntryProfile, manualReadingAllowed } from '../visits/breath-test-rules.js';
import type { VisitRegistry } from '../visits/visit-registry.js';
import { dosesByOtherVisits, totalMg } from '../visits/dose-moment.js';
import { personCard, staffCard } from './cards.js';
import {
  cautions, dosingView, endReasonsNow, nextObservationDueAt, observationRecords, redFlagsOfLast, type DoseSafetyFacts,
} from './dose-safety-view.js';
import { alertStates } from './alert-states.js';
import { dueNext } from './due-next.js';
import { naloxoneGivenInVisit, overdoseView } from './overdose-view.js';

// Enough to carry the last few handovers at a glance while the person waits at check-in.
const latestHandoverNotes = 3;

function outcomeView(context: VisitContext, timeZone: string): VisitView['outcome'] {
  const outcome = context.outcome;
  if (!outcome) return null;
  const time = clockTimeIn(new Date(outcome.at), timeZone);
  switch (outcome.kind) {
    case 'discharged': return { kind: 'discharged', at: outcome.at, words: `Discharged at ${time}.` };
    case 'doseWithheld': return { kind: 'doseWithheld', at: outcome.at, words: `Dose withheld at ${time}: ${outcome.reason}` };
    case 'ended':
      return { kind: 'ended', at: outcome.at, words: `Visit ended at ${time}: ${outcome.reason}${outcome.note ? ` (${outcome.note})` : ''}.` };
  }
}

/**
 * `testingVisitId` is the visit the breathalyser is bound to now. A test is in progress only while
 * the device holds it: after a restart the stored visit still remembers asking, but no device is
 * waiting, and the screen must offer the test again rather than wait for ever.
 */
export interface VisitViewFacts extends DoseSafetyFacts {
  testingVisitId: string | null;
  device: DeviceState;
  staff: StaffOnDuty;
  stock: StockRecords;
  registry: VisitRegistry;
}

/**
 * The products of the prescribed drug, each with what may still be drawn from it and why not,
 * before the tap: a form the prescription in force does not allow is offered disabled, with why,
 * never hidden (the nurse holding that ampoule must see it is not the one).
 */
function productChoices(facts: VisitViewFacts, prescription: PrescriptionSnapshot, needMg: number): VisitView['injection']['products'] {
  return facts.stock.products().filter((product) => sameDrug(product.drug, prescription.drug)).map((product) => {
    const available = availableMg(facts, product.productId, facts.nowIso);
    const problem = available <= 0
      ? 'None in the register: record the receipt first.'
      : available < mgOpenedFor(product.counting, needMg) ? `Only ${available} mg in the register that is not drawn up already.` : null;
    return {
      productId: product.productId, title: product.title, form: product.form, availableMg: available, problem,
      notPrescribed: productNotPrescribed(prescription, product),
    };
  });
}

/** The rules and prescription in force now, and what other visits gave on the visit's clinic day. */
function termsNow(context: VisitContext, facts: VisitViewFacts): DoseTerms {
  const inForce = facts.reference.activePrescription(context.serviceUserId, context.clinicDay);
  return {
    rules: facts.reference.siteRulesAt(facts.nowIso) ?? context.rules,
    prescription: inForce ? snapshotOf(inForce) : context.prescription,
    givenTodayMg: totalMg(dosesByOtherVisits(facts.history, context)),
  };
}

/** The pair fixed at preparation, or who could be chosen as witness now. */
function witnessing(context: VisitContext, staff: StaffOnDuty, parts: Pick<VisitViewFacts, 'reference' | 'nowIso'>): VisitView['witnessing'] {
  const pair = context.preparation?.staff;
  const card = (id: string) => {
    const member = parts.reference.staffMember(id);
    return member ? staffCard(member) : { id, displayName: 'A staff member no longer enrolled', role: 'nurse' as const };
  };
  return {
    nurse: pair ? card(pair.nurseId) : null,
    witness: pair ? card(pair.witnessId) : null,
    // The roles the rules in force now allow: the same the witnessed step will be checked against.
    candidates: staff.witnessCandidates(parts.reference.siteRulesAt(parts.nowIso)?.witness.roles ?? context.rules.witness.roles).map(staffCard),
  };
}

function sedationChoices(rules: SiteRules): VisitView['preDoseCheck']['sedationLevels'] {
  return sedationLevels.map((level) => ({
    level,
    words: rules.sedation.words[level],
    mayProceed: rules.sedation.mayProceed.includes(level),
    mayReduceWithPrescriberContact: rules.sedation.mayReduceWithPrescriberContact.includes(level),
    startsOverdoseResponse: rules.sedation.startsOverdoseResponse.includes(level),
  }));
}

export function visitView(snapshot: VisitSnapshot, person: ServiceUser, facts: VisitViewFacts): VisitView {
  const { nowIso, timeZone, testingVisitId } = facts;
  const { context } = snapshot;
  const step = stateOf(snapshot);
  const closed = snapshot.status !== 'active';
  const testing = testingVisitId === context.visitId;
  const due = dueNext(snapshot, testing, Date.parse(nowIso), timeZone);
  const { rules, breath } = context;
  const dosing = dosingView(context, step, facts);
  // Before the dose, the terms shown are those in force now (what the step will be judged against):
  // a change of prescription or rules reaches the screen before preparation.
  const terms = context.administration ? termsOf(context) : termsNow(context, facts);
  const { prescription } = terms;
  const maximumDrawMg = Math.min(doseTargetOf(context, prescription), dailyAllowanceMg(context, terms));
  return {
    visitId: context.visitId,
    person: personCard(person),
    stage: stageOfState[step],
    step,
    startedAt: context.startedAt,
    stageSince: context.stageSince,
    session: `${context.session.name}, ${context.clinicDay}`,
    dueNext: due.words,
    overdue: due.overdue,
    overdose: overdoseView(context, facts.reference),
    naloxoneGiven: naloxoneGivenInVisit(context),
    alertStates: alertStates(context, due),
    overdoseOutcomes: OverdoseOutcome.options,
    naloxoneRoutes: NaloxoneRoute.options,
    naloxoneDosesMg: rules.overdose.naloxoneDoseOptionsMg,
    identity: step === 'checkIn'
      ? {
        legalName: person.legalName, dateOfBirth: person.dateOfBirth, handoverNote: person.handoverNote,
        handoverNotes: facts.reference.handoverNotesOf(person, latestHandoverNotes),
      }
      : null,
    prescription: {
      drug: prescription.drug, form: prescription.form, allowedForms: prescription.allowedForms ?? null, strengthMgPerMl: prescription.strengthMgPerMl,
      dosePerSessionMg: prescription.dosePerSessionMg, routes: prescription.routes, reducedDoseRange: prescription.reducedDoseRange,
    },
    preDoseCheck: {
      sedationLevels: sedationChoices(rules),
      substances: SubstanceUsed.options,
      breathTestRequired: breath.required,
    },
    breath: {
      required: breath.required,
      inProgress: testing,
      attempts: breath.attempts,
      lastError: breath.lastError,
      reading: breath.reading
        ? {
          microgramsPer100mlBreath: breath.reading.microgramsPer100mlBreath, rawText: breath.reading.rawText, simulated: breath.reading.simulated,
          enteredByHand: breath.reading.deviceProfile === manualEntryProfile,
        }
        : null,
      outcome: breath.outcome,
      reviewAtOrAbove: rules.breathAlcohol.reviewAtOrAbove,
      withholdAtOrAbove: rules.breathAlcohol.withholdAtOrAbove,
      manualReadingAllowed: manualReadingAllowed(snapshot, facts.device),
    },
    injection: {
      drawnMg: context.preparation?.drawnMg ?? null,
      administeredMg: context.administration?.administeredMg ?? null,
      route: context.administration?.route ?? null,
      site: context.administration?.site ?? null,
      surplusMg: unaccountedMg(context),
      wastedMg: context.waste?.wastedMg ?? null,
      sites: Object.fromEntries(prescription.routes.map((route) => [route, [...injectionSites[route]]])),
      maximumDrawMg,
      // Worked out where the nurse picks: the room view is rebuilt after every step, for every visit.
      products: step === 'preparation' ? productChoices(facts, prescription, maximumDrawMg) : [],
      productTitle: context.preparation?.productId === undefined ? null : facts.stock.sectionTitle(context.preparation.productId),
    },
    observation: {
      administeredAt: context.administration?.at ?? null,
      earliestDischargeAt: earliestDischargeAt(context),
      records: observationRecords(context),
      nextDueAt: nextObservationDueAt(context),
      // At observation, and while withheld under observation after an overdose response.
      dischargeProblems: step === 'observation' || step === 'withheldInResponse'
        ? dischargeProblems(context, nowIso).map((problem) => problem.reason) : [],
      recordsOxygenSaturation: rules.observation.recordOxygenSaturation,
    },
    witnessing: witnessing(context, facts.staff, facts),
    dosing,
    cautions: cautions(context, step, facts),
    redFlags: redFlagsOfLast(context),
    outcome: outcomeView(context, timeZone),
    withheldReason: step === 'withheldInResponse' && context.outcome?.kind === 'doseWithheld' ? context.outcome.reason : null,
    endReasons: endReasonsNow(context, closed, nowIso),
  };
}
