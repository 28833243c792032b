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
import type { BreathOutcome, VisitContext } from './visit-context.js';
import type { VisitEvent, VisitStarted } from './visit-events.js';
import { breathOutcome, problemsWith } from './visit-rules.js';

export type { VisitStateName } from './visit-states.js';

// Bump when states or context change shape: a stored snapshot of another version is rebuilt
// from the ledger instead of being restored.
export const visitMachineVersion = 2;

function initialContext(input: VisitStarted): VisitContext {
  return {
    visitId: input.visitId,
    serviceUserId: input.serviceUserId,
    startedAt: input.at,
    stageSince: input.at,
    prescription: input.prescription,
    rules: input.rules,
    identityConfirmedAt: null,
    preDoseCheck: null,
    breath: { required: input.alcoholMonitoring, requestedAt: null, attempts: 0, lastError: null, reading: null, outcome: null, reviewReason: null },
    preparation: null,
    administration: null,
    waste: null,
    observations: [],
    outcome: null,
  };
}

function readingOutcome(context: VisitContext, event: VisitEvent): BreathOutcome | null {
  return event.type === 'breathResultRecorded' ? breathOutcome(context.rules, event.reading.microgramsPer100mlBreath) : null;
}

function withholdReason(context: VisitContext, event: VisitEvent): string {
  if (event.type === 'breathResultRecorded') {
    return `Breath alcohol ${event.reading.microgramsPer100mlBreath} µg/100 mL is at or above the withhold level of ${context.rules.breathAlcohol.withholdAtOrAbove}.`;
  }
  return 'reason' in event && typeof event.reason === 'string' ? event.reason : 'Dose withheld.';
}

const withholding = [{ guard: 'acceptable', target: '#visit.doseWithheld', actions: 'withholdDose' }] as const;

export const visitMachine = setup({
  types: {
    context: {} as VisitContext,
    events: {} as VisitEvent,
    input: {} as VisitStarted,
  },
  guards: {
    acceptable: ({ context, event }) => problemsWith(context, event).length === 0,
    decidedToWithhold: ({ event }) => 'decision' in event && event.decision === 'withhold',
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
      const { at, sedation, intoxicationSigns, selfReportedUse, reason, breathTestRequested } = event;
      return {
        preDoseCheck: { at, sedation, intoxicationSigns, selfReportedUse, reason },
        breath: { ...context.breath, required: context.breath.required || breathTestRequested },
      };
    }),
    startBreathTest: assign(({ context, event }) => ({
      breath: { ...context.breath, requestedAt: event.at, attempts: context.breath.attempts + 1, lastError: null },
    })),
    recordBreathFailure: assign(({ context, event }) => event.type !== 'breathTestFailed' ? {} : {
      breath: { ...context.breath, requestedAt: null, lastError: { code: event.code, message: event.message } },
    }),
    recordBreathResult: assign(({ context, event }) => event.type !== 'breathResultRecorded' ? {} : {
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
    recordPreparation: assign(({ event }) => event.type !== 'dosePrepared' ? {} : {
      preparation: {
        at: event.at, drug: event.drug, form: event.form, strengthMgPerMl: event.strengthMgPerMl, drawnMg: event.drawnMg, staff: event.staff,
      },
    }),
    recordAdministration: assign(({ event }) => event.type !== 'doseAdministered' ? {} : {
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
    discharge: assign(({ event }) => ({ outcome: { kind: 'discharged' as const, at: event.at } })),
    endVisit: assign(({ event }) => event.type !== 'visitEnded' ? {} : {
      outcome: { kind: 'ended' as const, at: event.at, reason: event.reason, note: event.note },
    }),
  },
}).createMachine({
  id: 'visit',
  context: ({ input }) => initialContext(input),
  initial: 'checkIn',
  on: {
    visitEnded: { guard: 'acceptable', target: '.ended', actions: 'endVisit' },
  },
  states: {
    checkIn: {
      on: { identityConfirmed: { target: 'preDoseCheck', actions: 'confirmIdentity' } },
    },
    preDoseCheck: {
      entry: 'enterStage',
      on: {
        preDoseCheckRecorded: [
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
    doseWithheld: { type: 'final', entry: 'enterStage' },
    discharged: { type: 'final', entry: 'enterStage' },
    ended: { type: 'final', entry: 'enterStage' },
  },
});
