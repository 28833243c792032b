/**
 * The supervised visit as an XState v5 machine: check-in, pre-dose check, breath test, observed
 * self-injection, post-dose observation, then discharge (or a withheld dose, or an end with a
 * reason).
 *
 * Kept flat on purpose (no invoked or spawned actors, no `after` timers): XState restarts invoked
 * actors on restore and `after` timers do not fire after restore (xstate #4860, #5077), so every
 * time-based rule reads the timestamps carried by events instead. The host drives it with the pure
 * `transition()` so a step is written to the ledger before memory changes.
 */
import { and, assign, setup } from 'xstate';
import type { BreathOutcome, OverdoseResponse, VisitContext } from './visit-context.js';
import type { VisitEvent, VisitStarted } from './visit-events.js';
import { afterResponseProblems, breathOutcome, doseTargetOf, openOverdoseResponse, problemsWith } from './visit-rules.js';

export type { VisitStateName } from './visit-states.js';

// Bump when states or context change shape: a stored snapshot of another version is rebuilt
// from the ledger instead of being restored.
export const visitMachineVersion = 8;

function initialContext(input: VisitStarted): VisitContext {
  return {
    visitId: input.visitId,
    serviceUserId: input.serviceUserId,
    startedAt: input.at,
    stageSince: input.at,
    clinicDay: input.clinicDay,
    session: input.session,
    givenTodayMg: input.givenTodayMg,
    prescription: input.prescription,
    rules: input.rules,
    identityConfirmedAt: null,
    preDoseCheck: null,
    findings: [],
    naloxoneDecisions: [],
    doseTargetMg: input.prescription.dosePerSessionMg,
    breath: { required: input.breathTestRequired, requestedAt: null, attempts: 0, lastError: null, reading: null, outcome: null, reviewReason: null },
    preparation: null,
    administration: null,
    waste: null,
    observations: [],
    overdoseResponses: [],
    outcome: null,
  };
}

function readingOutcome(context: VisitContext, event: VisitEvent): BreathOutcome | null {
  return event.type === 'breathResultRecorded' || event.type === 'manualBreathReadingRecorded'
    ? breathOutcome(context.rules, event.reading.microgramsPer100mlBreath)
    : null;
}

function withholdReason(context: VisitContext, event: VisitEvent): string {
  if (event.type === 'breathResultRecorded' || event.type === 'manualBreathReadingRecorded') {
    return `Breath alcohol ${event.reading.microgramsPer100mlBreath} µg/100 mL is at or above the withhold level of ${context.rules.breathAlcohol.withholdAtOrAbove}.`;
  }
  return 'reason' in event && typeof event.reason === 'string' ? event.reason : 'Dose withheld.';
}

function newResponse(at: string, noticedAt: string): OverdoseResponse {
  return { startedAt: at, noticedAt, naloxone: [], oxygenAt: null, rescueBreathingAt: null, emergencyServicesCalledAt: null, outcome: null };
}

/** Applies a change to the open overdose response, opening one first if none is: never refused. */
function withOpenResponse(context: VisitContext, at: string, change: (response: OverdoseResponse) => OverdoseResponse) {
  const open = openOverdoseResponse(context);
  const earlier = open ? context.overdoseResponses.slice(0, -1) : context.overdoseResponses;
  return { overdoseResponses: [...earlier, change(open ?? newResponse(at, at))] };
}

// After an overdose response the visit cannot close until the person has been observed for the
// time it needs: a withheld dose waits in withheldInResponse until then.
const withholding = [
  { guard: and(['acceptable', 'responseNeedsCare']), target: '#visit.withheldInResponse', actions: 'withholdDose' },
  { guard: 'acceptable', target: '#visit.doseWithheld', actions: 'withholdDose' },
] as const;

/** The terms a dose step carries become the visit's: later steps are judged by what was in force then. */
function takeUpTerms(context: VisitContext, event: VisitEvent) {
  if ((event.type !== 'dosePrepared' && event.type !== 'doseAdministered') || !event.terms) return {};
  const { rules, prescription, givenTodayMg } = event.terms;
  return { rules, prescription, givenTodayMg, doseTargetMg: doseTargetOf(context, prescription) };
}

export const visitMachine = setup({
  types: {
    context: {} as VisitContext,
    events: {} as VisitEvent,
    input: {} as VisitStarted,
  },
  guards: {
    acceptable: ({ context, event }) => problemsWith(context, event).length === 0,
    decidedToWithhold: ({ event }) => 'decision' in event && event.decision === 'withhold',
    responseNeedsCare: ({ context, event }) => afterResponseProblems(context, event.at).length > 0,
    noResponseOpen: ({ context }) => openOverdoseResponse(context) === null,
    sedationStartsResponse: ({ context, event }) =>
      event.type === 'preDoseCheckRecorded' && context.rules.sedation.startsOverdoseResponse.includes(event.sedation),
    breathTestNeeded: ({ context, event }) =>
      event.type === 'preDoseCheckRecorded' && (context.breath.required || event.breathTestRequested),
    readingIsClear: ({ context, event }) => readingOutcome(context, event) === 'clear',
    readingNeedsReview: ({ context, event }) => readingOutcome(context, event) === 'review',
    readingMeansWithhold: ({ context, event }) => readingOutcome(context, event) === 'withhold',
    surplusLeft: ({ context, event }) =>
      event.type === 'doseAdministered' && context.preparation !== null && context.preparation.drawnMg - event.administeredMg > 0.001,
  },
  actions: {
    enterStage: assign({ stageSince: ({ event }) => event.at }),
    confirmIdentity: assign({ identityConfirmedAt: ({ event }) => event.at }),
    recordPreDoseCheck: assign(({ context, event }) => {
      if (event.type !== 'preDoseCheckRecorded') return {};
      const { at, sedation, intoxicationSigns, selfReportedUse, decision, prescriberContact, reason, breathTestRequested } = event;
      return {
        preDoseCheck: { at, sedation, intoxicationSigns, selfReportedUse, decision, prescriberContact, reason, reducedDoseMg: event.reducedDoseMg },
        doseTargetMg: decision === 'reduce' && event.reducedDoseMg !== null ? event.reducedDoseMg : context.doseTargetMg,
        breath: { ...context.breath, required: context.breath.required || breathTestRequested },
      };
    }),
    startBreathTest: assign(({ context, event }) => ({
      breath: { ...context.breath, requestedAt: event.at, attempts: context.breath.attempts + 1, lastError: null },
    })),
    recordBreathFailure: assign(({ context, event }) => event.type !== 'breathTestFailed' ? {} : {
      breath: { ...context.breath, requestedAt: null, lastError: { code: event.code, message: event.message } },
    }),
    recordBreathResult: assign(({ context, event }) => event.type !== 'breathResultRecorded' && event.type !== 'manualBreathReadingRecorded' ? {} : {
      breath: {
        ...context.breath,
        requestedAt: null,
        reading: event.reading,
        outcome: breathOutcome(context.rules, event.reading.microgramsPer100mlBreath),
      },
    }),
    recordBreathReview: assign(({ context, event }) => event.type !== 'breathReviewDecided' ? {} : {
      breath: { ...context.breath, reviewReason: event.reason },
    }),
    recordFindings: assign(({ context, event }) => event.type !== 'preDoseFindingsRecorded' ? {} : {
      findings: [...context.findings, {
        at: event.at, sedation: event.sedation, intoxicationSigns: event.intoxicationSigns, selfReportedUse: event.selfReportedUse,
      }],
    }),
    recordNaloxoneDecision: assign(({ context, event }) => event.type !== 'prescriberDecidedAfterNaloxone' ? {} : {
      naloxoneDecisions: [...context.naloxoneDecisions, { at: event.at, prescriberId: event.prescriberId, reason: event.reason }],
    }),
    recordPreparation: assign(({ context, event }) => event.type !== 'dosePrepared' ? {} : {
      ...takeUpTerms(context, event),
      preparation: {
        at: event.at, drug: event.drug, form: event.form, strengthMgPerMl: event.strengthMgPerMl, drawnMg: event.drawnMg, staff: event.staff,
        ...(event.productId === undefined ? {} : { productId: event.productId }),
      },
    }),
    recordAdministration: assign(({ context, event }) => event.type !== 'doseAdministered' ? {} : {
      ...takeUpTerms(context, event),
      administration: { at: event.at, administeredMg: event.administeredMg, route: event.route, site: event.site },
    }),
    recordWaste: assign(({ event }) => event.type !== 'surplusWasted' ? {} : { waste: { at: event.at, wastedMg: event.wastedMg } }),
    recordObservation: assign(({ context, event }) => event.type !== 'observationRecorded' ? {} : {
      observations: [...context.observations, {
        at: event.at, sedation: event.sedation, respiratoryRate: event.respiratoryRate, oxygenSaturation: event.oxygenSaturation,
      }],
    }),
    withholdDose: assign(({ context, event }) => ({
      outcome: { kind: 'doseWithheld' as const, at: event.at, reason: withholdReason(context, event) },
    })),
    startResponse: assign(({ context, event }) => {
      const noticedAt = event.type === 'overdoseResponseStarted' ? event.noticedAt : event.at;
      return { overdoseResponses: [...context.overdoseResponses, newResponse(event.at, noticedAt)] };
    }),
    // A prescriber's decision covers the naloxone given before it, never a dose of it given after.
    recordNaloxone: assign(({ context, event }) => event.type !== 'naloxoneGiven' ? {} : {
      ...withOpenResponse(context, event.at, (response) => ({
        ...response,
        naloxone: [...response.naloxone, { givenAt: event.givenAt, doseMg: event.doseMg, route: event.route, givenBy: event.givenBy }],
      })),
      naloxoneDecisions: [],
    }),
    recordOxygen: assign(({ context, event }) => withOpenResponse(context, event.at, (response) => ({ ...response, oxygenAt: event.at }))),
    recordRescueBreathing: assign(({ context, event }) =>
      withOpenResponse(context, event.at, (response) => ({ ...response, rescueBreathingAt: event.at }))),
    recordEmergencyCall: assign(({ context, event }) => event.type !== 'emergencyServicesCalled' ? {} :
      withOpenResponse(context, event.at, (response) => ({ ...response, emergencyServicesCalledAt: event.calledAt }))),
    recordResponseOutcome: assign(({ context, event }) => event.type !== 'overdoseOutcomeRecorded' ? {} :
      withOpenResponse(context, event.at, (response) => ({ ...response, outcome: { at: event.at, outcome: event.outcome, note: event.note } }))),
    discharge: assign(({ event }) => ({ outcome: { kind: 'discharged' as const, at: event.at } })),
    // A dose withheld stays withheld for the session however the visit then ends (leaving against
    // advice after an overdose response, say): the withhold is the outcome that counts.
    endVisit: assign(({ context, event }) => event.type !== 'visitEnded' || context.outcome?.kind === 'doseWithheld' ? {} : {
      outcome: { kind: 'ended' as const, at: event.at, reason: event.reason, note: event.note },
    }),
  },
}).createMachine({
  id: 'visit',
  context: ({ input }) => initialContext(input),
  initial: 'checkIn',
  // Reachable from every open step by one touch, and never refused: the overdose response.
  on: {
    visitEnded: { guard: 'acceptable', target: '.ended', actions: 'endVisit' },
    overdoseResponseStarted: { guard: 'noResponseOpen', actions: 'startResponse' },
    naloxoneGiven: { actions: 'recordNaloxone' },
    oxygenGiven: { actions: 'recordOxygen' },
    rescueBreathingGiven: { actions: 'recordRescueBreathing' },
    emergencyServicesCalled: { actions: 'recordEmergencyCall' },
    overdoseOutcomeRecorded: { guard: 'acceptable', actions: 'recordResponseOutcome' },
    // The schema demands the reason; the host checks naloxone was given this session and names a prescriber.
    prescriberDecidedAfterNaloxone: { actions: 'recordNaloxoneDecision' },
    // Breathing and sedation can be recorded at any step: a person withheld at sedation 4, or
    // collapsing at check-in, needs them most.
    observationRecorded: { actions: 'recordObservation' },
  },
  states: {
    checkIn: {
      on: { identityConfirmed: { target: 'preDoseCheck', actions: 'confirmIdentity' } },
    },
    preDoseCheck: {
      entry: 'enterStage',
      on: {
        preDoseFindingsRecorded: { actions: 'recordFindings' },
        preDoseCheckRecorded: [
          // Sedation at the level that starts the overdose response: withheld, and the response opens.
          {
            guard: and(['acceptable', 'decidedToWithhold', 'sedationStartsResponse', 'noResponseOpen']),
            target: 'withheldInResponse',
            actions: ['recordPreDoseCheck', 'withholdDose', 'startResponse'],
          },
          { guard: and(['acceptable', 'decidedToWithhold', 'responseNeedsCare']), target: 'withheldInResponse', actions: ['recordPreDoseCheck', 'withholdDose'] },
          { guard: and(['acceptable', 'decidedToWithhold']), target: 'doseWithheld', actions: ['recordPreDoseCheck', 'withholdDose'] },
          { guard: and(['acceptable', 'breathTestNeeded']), target: 'breathTest', actions: 'recordPreDoseCheck' },
          { guard: 'acceptable', target: 'preparation', actions: 'recordPreDoseCheck' },
        ],
      },
    },
    breathTest: {
      entry: 'enterStage',
      on: {
        breathTestStarted: { actions: 'startBreathTest' },
        breathTestFailed: { guard: 'acceptable', actions: 'recordBreathFailure' },
        breathResultRecorded: [
          { guard: and(['acceptable', 'readingMeansWithhold', 'responseNeedsCare']), target: 'withheldInResponse', actions: ['recordBreathResult', 'withholdDose'] },
          { guard: and(['acceptable', 'readingMeansWithhold']), target: 'doseWithheld', actions: ['recordBreathResult', 'withholdDose'] },
          { guard: and(['acceptable', 'readingNeedsReview']), target: 'breathReview', actions: 'recordBreathResult' },
          { guard: and(['acceptable', 'readingIsClear']), target: 'preparation', actions: 'recordBreathResult' },
        ],
        // The same three outcomes for a reading entered by hand when the device is broken.
        manualBreathReadingRecorded: [
          { guard: and(['acceptable', 'readingMeansWithhold', 'responseNeedsCare']), target: 'withheldInResponse', actions: ['recordBreathResult', 'withholdDose'] },
          { guard: and(['acceptable', 'readingMeansWithhold']), target: 'doseWithheld', actions: ['recordBreathResult', 'withholdDose'] },
          { guard: and(['acceptable', 'readingNeedsReview']), target: 'breathReview', actions: 'recordBreathResult' },
          { guard: and(['acceptable', 'readingIsClear']), target: 'preparation', actions: 'recordBreathResult' },
        ],
        doseWithheld: withholding,
      },
    },
    breathReview: {
      on: {
        breathReviewDecided: [
          { guard: and(['acceptable', 'decidedToWithhold', 'responseNeedsCare']), target: 'withheldInResponse', actions: ['recordBreathReview', 'withholdDose'] },
          { guard: and(['acceptable', 'decidedToWithhold']), target: 'doseWithheld', actions: ['recordBreathReview', 'withholdDose'] },
          { guard: 'acceptable', target: 'preparation', actions: 'recordBreathReview' },
        ],
        doseWithheld: withholding,
      },
    },
    preparation: {
      entry: 'enterStage',
      on: {
        dosePrepared: { guard: 'acceptable', target: 'administration', actions: 'recordPreparation' },
        doseWithheld: withholding,
      },
    },
    administration: {
      on: {
        doseAdministered: [
          { guard: and(['acceptable', 'surplusLeft']), target: 'waste', actions: 'recordAdministration' },
          { guard: 'acceptable', target: 'observation', actions: 'recordAdministration' },
        ],
        // Declined after drawing up: the whole dose is wasted, witnessed, before the visit can close.
        surplusWasted: { guard: 'acceptable', target: 'doseWasted', actions: 'recordWaste' },
      },
    },
    waste: {
      on: { surplusWasted: { guard: 'acceptable', target: 'observation', actions: 'recordWaste' } },
    },
    doseWasted: {
      on: { doseWithheld: withholding },
    },
    observation: {
      entry: 'enterStage',
      on: {
        observationRecorded: { actions: 'recordObservation' },
        visitDischarged: { guard: 'acceptable', target: 'discharged', actions: 'discharge' },
      },
    },
    // The dose is withheld but the person is still in the overdose response's care: the visit
    // closes once they have been observed for the time the response needs, or ends with an exit
    // (transfer to hospital, leaving against advice).
    withheldInResponse: {
      entry: 'enterStage',
      on: {
        visitDischarged: { guard: 'acceptable', target: 'doseWithheld' },
      },
    },
    doseWithheld: { type: 'final', entry: 'enterStage' },
    discharged: { type: 'final', entry: 'enterStage' },
    ended: { type: 'final', entry: 'enterStage' },
  },
});
