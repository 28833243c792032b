/**
 * Model-based tests of the visit machine: xstate/graph walks the real machine with a small set of
 * concrete steps (each step type with values that pass its guard and values that fail it), and
 * every state, every transition and every refusal it finds is checked through `advanceVisit`, the
 * way the host takes a step.
 *
 * The coverage checks read the machine's own config, so a new state, transition or guard without
 * a case here fails this file instead of going untested.
 */
import { createActor, transition, type AnyStateNode, type TransitionDefinition } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { describe, expect, it } from 'vitest';
import { reasonsOf, RefusalCode } from '../../shared/refusals/refusal.js';
import type { VisitContext } from '../../shared/visit/visit-context.js';
import { VisitEvent, type VisitEventType, type VisitStarted } from '../../shared/visit/visit-events.js';
import { visitMachine } from '../../shared/visit/visit-machine.js';
import { openOverdoseResponse, unaccountedMg } from '../../shared/visit/visit-rules.js';
import { visitStateNames, type VisitStateName } from '../../shared/visit/visit-states.js';
import { advanceVisit, isOpen, replayVisit, startVisit, stateOf, type VisitSnapshot } from '../../shared/visit/visit-steps.js';
import {
  breathResult, breathReview, manualBreathReading, breathTestStarted, discharge, doseAdministered, dosePrepared, doseWithheld, emergencyServicesCalled,
  at, identityConfirmed, naloxoneGiven, observation, overdoseOutcome, overdoseResponseStarted, oxygenGiven, pair, preDoseCheck,
  refusalCodes, rescueBreathingGiven, run, surplusWasted, visitEnded, visitStartedFor,
} from '../support/visit-fixtures.js';

// ---------------------------------------------------------------------------------------------
// The model: one visit, and the steps the walk may take from each point of it.

/** A prescription with a reduced-dose range, so the reduce decision has something to pass. */
const started: VisitStarted = visitStartedFor({ doseMg: 150, reducedDoseRange: { minMg: 60, maxMg: 120 } });
const reducedDoseMg = 100;
const surplusMg = 30;

// Each step has its own minute on the visit's timeline, so a generated path reads in order when
// it follows the usual course; observation starts at 10 min and the minimum (20 min after the
// dose at 8 min) has passed by 30.
const minute = {
  identity: 1, preDoseCheck: 2, breathTest: 3, breathResult: 4, breathReview: 5, withhold: 6, prepare: 6, administer: 8,
  waste: 9, firstObservation: 10, lastObservation: 30, discharge: 31, end: 31, overdose: 12, overdoseOutcome: 16, afterNaloxone: 80,
} as const;

/** Pre-dose checks the rules accept, one per decision branch of the machine. */
const acceptedPreDoseChecks = [
  preDoseCheck(minute.preDoseCheck),
  preDoseCheck(minute.preDoseCheck, { breathTestRequested: true }),
  preDoseCheck(minute.preDoseCheck, {
    sedation: '3', decision: 'reduce', reducedDoseMg, prescriberContact: 'Dr Ahmed by phone', reason: 'Drowsy after a poor night',
  }),
  preDoseCheck(minute.preDoseCheck, { sedation: '2', decision: 'withhold', reason: 'Says they feel unwell' }),
  preDoseCheck(minute.preDoseCheck, { sedation: '4', decision: 'withhold', reason: 'Hard to rouse' }),
];

/** Pre-dose checks the rules refuse, each for a different reason. */
const refusedPreDoseChecks = [
  preDoseCheck(minute.preDoseCheck, { sedation: '3' }),
  preDoseCheck(minute.preDoseCheck, { sedation: '4', reason: 'Says they are fine' }),
  preDoseCheck(minute.preDoseCheck, { sedation: '3', decision: 'reduce', reducedDoseMg, reason: 'Drowsy' }),
  preDoseCheck(minute.preDoseCheck, {
    sedation: '3', decision: 'reduce', reducedDoseMg: 130, prescriberContact: 'Dr Ahmed by phone', reason: 'Drowsy',
  }),
  preDoseCheck(minute.preDoseCheck, { selfReportedUse: ['benzodiazepines'] }),
  preDoseCheck(minute.preDoseCheck, { decision: 'withhold', reason: null }),
];

/** Amounts worked out from the visit so far: the balancing amount passes, one more does not. */
function amountSteps(context: VisitContext): VisitEvent[] {
  const target = context.doseTargetMg;
  const drawn = context.preparation?.drawnMg ?? target;
  const left = unaccountedMg(context);
  return [
    dosePrepared(minute.prepare, target),
    dosePrepared(minute.prepare, target + 1),
    doseAdministered(minute.administer, drawn),
    doseAdministered(minute.administer, drawn - surplusMg),
    doseAdministered(minute.administer, drawn + 1),
    doseAdministered(minute.administer, drawn, { route: 'SC', site: 'abdomen' }),
    doseAdministered(minute.administer, drawn, { staff: { nurseId: pair.witnessId, witnessId: pair.nurseId } }),
    ...(left > 0 ? [surplusWasted(minute.waste, left), surplusWasted(minute.waste, left + 5)] : []),
  ];
}

function representativeSteps(snapshot: VisitSnapshot): VisitEvent[] {
  return [
    identityConfirmed(minute.identity),
    ...acceptedPreDoseChecks,
    ...refusedPreDoseChecks,
    breathTestStarted(minute.breathTest),
    { type: 'breathTestFailed', at: at(minute.breathResult), code: 'NO_SAMPLE', message: 'No sample: blow again' },
    breathResult(minute.breathResult, 0),
    breathResult(minute.breathResult, 9),
    breathResult(minute.breathResult, 22),
    manualBreathReading(minute.breathResult, 0),
    manualBreathReading(minute.breathResult, 9),
    manualBreathReading(minute.breathResult, 22),
    breathReview(minute.breathReview, 'proceed', 'Alert, steady, talking clearly'),
    breathReview(minute.breathReview, 'withhold', 'Unsteady on their feet'),
    breathReview(minute.breathReview, 'proceed', null),
    doseWithheld(minute.withhold, 'Person unsteady; breathalyser not working'),
    { type: 'preDoseFindingsRecorded', at: at(minute.preDoseCheck), sedation: '3', intoxicationSigns: false, selfReportedUse: [] },
    { type: 'prescriberDecidedAfterNaloxone', at: at(minute.overdoseOutcome + 1), prescriberId: 'dr-1', reason: 'Reviewed by phone: dose may be given' },
    ...amountSteps(snapshot.context),
    observation(minute.firstObservation),
    observation(minute.lastObservation),
    observation(minute.lastObservation, { sedation: '3', respiratoryRate: 8 }),
    discharge(minute.discharge),
    // Observation after an overdose response with naloxone runs an hour from the last dose of it.
    observation(minute.afterNaloxone),
    discharge(minute.afterNaloxone + 1),
    visitEnded(minute.end, 'left against advice'),
    visitEnded(minute.end, 'left before dose'),
    visitEnded(minute.end, 'other'),
    overdoseResponseStarted(minute.overdose),
    naloxoneGiven(minute.overdose + 1),
    oxygenGiven(minute.overdose + 1),
    rescueBreathingGiven(minute.overdose + 1),
    emergencyServicesCalled(minute.overdose + 2),
    overdoseOutcome(minute.overdoseOutcome),
  ];
}

/**
 * What the walk tells apart: the state and the facts the guards read. Times, attempt counts and
 * repeated overdose care are left out, so the walk is finite (a second naloxone dose is the same
 * point of the model as the first).
 */
function modelPointOf(snapshot: VisitSnapshot): string {
  const { context } = snapshot;
  return JSON.stringify({
    state: snapshot.value,
    decision: context.preDoseCheck?.decision ?? null,
    breathRequired: context.breath.required,
    breathRequested: context.breath.requestedAt !== null,
    breathFailed: context.breath.lastError !== null,
    breathOutcome: context.breath.outcome,
    drawnMg: context.preparation?.drawnMg ?? null,
    administeredMg: context.administration?.administeredMg ?? null,
    wastedMg: context.waste?.wastedMg ?? null,
    lastObservations: context.observations.slice(-2).map((record) => `${record.at} ${record.sedation}`),
    overdose: openOverdoseResponse(context) ? 'open' : context.overdoseResponses.length > 0 ? 'closed' : 'none',
    naloxone: context.overdoseResponses.some((response) => response.naloxone.length > 0),
  });
}

const paths = getShortestPaths(visitMachine, {
  input: started,
  events: representativeSteps,
  serializeState: modelPointOf,
  // xstate's pure transition() still applies the visit-wide steps (overdose care, end) to a closed
  // snapshot; advanceVisit refuses them (checked below), so the walk stops where the host does.
  stopWhen: (snapshot) => snapshot.status === 'done',
});

/** A path as the ledger would hold it: the events after the start. */
function eventsOf(path: (typeof paths)[number]): VisitEvent[] {
  return path.steps.slice(1).map((step) => step.event);
}

// ---------------------------------------------------------------------------------------------
// What the walk found: each point of the model reached by a real path, and every step tried there.

interface ReachedPoint {
  events: VisitEvent[];
  snapshot: VisitSnapshot;
}

/** Rebuilds each generated path through `advanceVisit`; a refused step on a generated path fails the test. */
const reachedPoints: ReachedPoint[] = paths.map((path) => {
  const events = eventsOf(path);
  const snapshot = events.reduce((current, event) => {
    const step = advanceVisit(current, event);
    if (!step.accepted) throw new Error(`A generated path was refused at ${event.type}: ${reasonsOf(step.refusals)}`);
    return step.snapshot;
  }, startVisit(started));
  return { events, snapshot };
});

/** A transition of the machine, named the way a failing test should print it. */
interface MachineTransition {
  name: string;
  node: AnyStateNode;
  eventType: VisitEventType;
  definition: TransitionDefinition<VisitContext, VisitEvent>;
  target: VisitStateName | null;
  guards: string[];
}

const anyOpenState = '(any open state)';

function nodeName(node: AnyStateNode): string {
  return node === visitMachine.root ? anyOpenState : node.key;
}

/** The names inside a guard: a plain name, or the parts of an `and([...])`. */
function guardNames(guard: unknown): string[] {
  if (guard === undefined) return [];
  if (typeof guard === 'string') return [guard];
  if (typeof guard === 'function' && 'guards' in guard && Array.isArray(guard.guards)) return guard.guards.flatMap(guardNames);
  throw new Error(`This test does not know how to read the guard ${JSON.stringify(guard)}: teach guardNames about it.`);
}

const stateNodes: AnyStateNode[] = [visitMachine.root, ...Object.values(visitMachine.root.states)];

const machineTransitions: MachineTransition[] = stateNodes.flatMap((node) =>
  [...node.transitions.entries()].flatMap(([eventType, definitions]) => definitions.map((definition, index) => {
    const target = (definition.target?.[0]?.key ?? null) as VisitStateName | null;
    return {
      name: `${nodeName(node)} --${eventType}[${index}]--> ${target ?? 'same state'}`,
      node, eventType: eventType as VisitEventType, definition: definition as TransitionDefinition<VisitContext, VisitEvent>, target,
      guards: guardNames(definition.guard),
    };
  })));

/** Where a step type has guarded transitions: the handlers that may refuse it. */
interface GuardedHandler { name: string; node: AnyStateNode; eventType: VisitEventType }

const guardedHandlers: GuardedHandler[] = [...new Map(machineTransitions
  .filter((candidate) => candidate.guards.length > 0)
  .map((candidate) => [`${nodeName(candidate.node)} on ${candidate.eventType}`, candidate])).entries()]
  .map(([name, { node, eventType }]) => ({ name, node, eventType }));

function nodeOf(snapshot: VisitSnapshot): AnyStateNode {
  const node = visitMachine.root.states[stateOf(snapshot)];
  if (!node) throw new Error(`The machine has no state ${stateOf(snapshot)}.`);
  return node;
}

/** The state nodes that would decide this step: the current state, then the whole visit. */
function handlersOf(snapshot: VisitSnapshot, eventType: VisitEventType): AnyStateNode[] {
  return [nodeOf(snapshot), visitMachine.root].filter((node) => node.transitions.has(eventType));
}

interface TriedStep {
  from: ReachedPoint;
  event: VisitEvent;
  result: ReturnType<typeof advanceVisit>;
  taken: MachineTransition | null;
}

const machineTransitionByDefinition = new Map(machineTransitions.map((candidate) => [candidate.definition, candidate]));

function takenTransition(snapshot: VisitSnapshot, event: VisitEvent): MachineTransition | null {
  const [definition] = visitMachine.getTransitionData(snapshot, event);
  return definition ? machineTransitionByDefinition.get(definition) ?? null : null;
}

const triedSteps: TriedStep[] = reachedPoints.filter((point) => isOpen(point.snapshot)).flatMap((from) =>
  representativeSteps(from.snapshot).map((event) => ({
    from, event, result: advanceVisit(from.snapshot, event), taken: takenTransition(from.snapshot, event),
  })));

function describeStep(step: TriedStep): string {
  return `${step.event.type} from ${stateOf(step.from.snapshot)} after [${step.from.events.map((event) => event.type).join(', ')}]`;
}

/** A sentence a nurse can read: capital first, full stop last, no leaked code words. */
function isSentenceForNurse(reason: string): boolean {
  return /^[A-Z0-9]/.test(reason) && reason.endsWith('.') && reason.length > 15 &&
    !/undefined|null|NaN|\[object|xstate|guard/i.test(reason);
}

function stateAndContext(snapshot: VisitSnapshot) {
  return { value: snapshot.value, context: snapshot.context };
}

// ---------------------------------------------------------------------------------------------

describe('the visit model', () => {
  it('knows the same states as visitStateNames, and the walk reaches every one of them', () => {
    // A state no real sequence of steps can reach would be listed here with the reason; none is.
    const unreachableOnPurpose: Partial<Record<VisitStateName, string>> = {};
    const reached = new Set(reachedPoints.map((point) => stateOf(point.snapshot)));
    expect(Object.keys(visitMachine.config.states ?? {}).sort()).toEqual([...visitStateNames].sort());
    for (const state of visitStateNames) {
      expect(reached.has(state) || state in unreachableOnPurpose, `${state} is never reached`).toBe(true);
    }
  });

  it('tries only well-formed ledger events, so every refusal comes from the clinical rules, not the schema', () => {
    const malformed = triedSteps.filter((step) => !VisitEvent.safeParse(step.event).success).map(describeStep);
    expect(malformed).toEqual([]);
  });

  it('has a step case for every step type of the visit vocabulary', () => {
    const vocabulary = VisitEvent.options.map((option) => option.shape.type.value);
    const handled = new Set(machineTransitions.map((candidate) => candidate.eventType));
    const tried = new Set(triedSteps.map((step) => step.event.type));
    expect(vocabulary.filter((type) => !tried.has(type)), 'step types never tried').toEqual([]);
    expect(vocabulary.filter((type) => !handled.has(type)), 'step types the machine never takes').toEqual([]);
  });
});

describe('every transition of the visit machine', () => {
  it.each(machineTransitions.map((candidate) => [candidate.name, candidate] as const))('%s is taken by a step that passes', (_name, candidate) => {
    const example = triedSteps.find((step) => step.taken === candidate);
    expect(example, 'no generated step takes this transition: add a step to representativeSteps').toBeDefined();
    const { result, from } = example!;
    if (!result.accepted) throw new Error(`${describeStep(example!)} took the transition but advanceVisit refused it: ${reasonsOf(result.refusals)}`);
    expect(stateOf(result.snapshot)).toBe(candidate.target ?? stateOf(from.snapshot));
  });

  it('takes exactly the steps advanceVisit accepts, and advanceVisit agrees with the machine', () => {
    for (const step of triedSteps) {
      expect(step.result.accepted, describeStep(step)).toBe(step.taken !== null);
      if (step.result.accepted) {
        expect(stateAndContext(step.result.snapshot), describeStep(step))
          .toEqual(stateAndContext(transition(visitMachine, step.from.snapshot, step.event)[0]));
      }
    }
  });
});

describe('every guarded step, refused', () => {
  // Handlers whose guard no well-formed step can fail in that state, and why.
  const cannotFailHere: Record<string, string> = {
    'breathTest on doseWithheld': 'nothing is drawn up before preparation, so the register balances; the schema already demands the reason',
    'breathReview on doseWithheld': 'nothing is drawn up before preparation, so the register balances; the schema already demands the reason',
    'preparation on doseWithheld': 'nothing is drawn up until the preparation step leaves this state, so the register balances',
    'doseWasted on doseWithheld': 'this state is entered only once the whole dose is wasted, so the register balances',
    'breathTest on manualBreathReadingRecorded': 'a visit reaches the breath test only when a test is needed, and every reading is clear, for review or for withholding; the schema demands the reason and the second person',
  };

  it('lists only real guarded handlers as impossible to fail', () => {
    const names = new Set(guardedHandlers.map((handler) => handler.name));
    expect(Object.keys(cannotFailHere).filter((name) => !names.has(name))).toEqual([]);
  });

  it.each(guardedHandlers.filter((handler) => !(handler.name in cannotFailHere)).map((handler) => [handler.name, handler] as const))(
    '%s: a failing step is refused with a reason, and the visit is unchanged',
    (_name, handler) => {
      const example = triedSteps.find((step) => !step.result.accepted && step.event.type === handler.eventType &&
        handlersOf(step.from.snapshot, step.event.type).includes(handler.node) &&
        (handler.node !== visitMachine.root || !nodeOf(step.from.snapshot).transitions.has(step.event.type)));
      expect(example, 'no generated step fails this guard: add a failing value to representativeSteps').toBeDefined();
      const { from, event, result } = example!;
      const before = JSON.stringify(stateAndContext(from.snapshot));
      if (result.accepted) throw new Error('unreachable');
      expect(result.refusals.length).toBeGreaterThan(0);
      for (const { code, reason } of result.refusals) {
        expect(isSentenceForNurse(reason), reason).toBe(true);
        expect(RefusalCode.options, reason).toContain(code);
      }
      expect(stateAndContext(transition(visitMachine, from.snapshot, event)[0])).toEqual(stateAndContext(from.snapshot));
      expect(JSON.stringify(stateAndContext(from.snapshot))).toBe(before);
    },
  );

  it('every refusal the walk finds is a sentence a nurse can act on, and specific whenever the step is open', () => {
    for (const step of triedSteps) {
      if (step.result.accepted) continue;
      const open = handlersOf(step.from.snapshot, step.event.type).length > 0;
      for (const { code, reason } of step.result.refusals) {
        expect(isSentenceForNurse(reason), `${describeStep(step)}: ${reason}`).toBe(true);
        expect(RefusalCode.options, `${describeStep(step)}: ${reason}`).toContain(code);
        if (open) expect(code, `${describeStep(step)} is open here, so its refusal must say why`).not.toBe('stepNotOpen');
      }
    }
  });

  it('every guard of the machine is used, and is seen both true and false on the walk', () => {
    type GuardCheck = (args: { context: VisitContext; event: VisitEvent }) => boolean;
    const implemented = visitMachine.implementations.guards as unknown as Record<string, GuardCheck>;
    const used = new Set(machineTransitions.flatMap((candidate) => candidate.guards));
    expect(Object.keys(implemented).filter((name) => !used.has(name)), 'implemented but never used').toEqual([]);
    for (const name of used) {
      const outcomes = new Set(triedSteps
        .filter((step) => machineTransitions.some((candidate) => candidate.guards.includes(name) && candidate.eventType === step.event.type &&
          handlersOf(step.from.snapshot, step.event.type).includes(candidate.node)))
        .map((step) => implemented[name]!({ context: step.from.snapshot.context, event: step.event })));
      expect(outcomes, `guard ${name}`).toEqual(new Set([false, true]));
    }
  });
});

describe('generated paths and the ledger', () => {
  it('every generated path replays from its events to exactly the live visit', () => {
    for (const point of reachedPoints) {
      const live = createActor(visitMachine, { input: started });
      live.start();
      for (const event of point.events) live.send(event);
      const replayed = replayVisit(started, point.events);
      expect(stateAndContext(replayed), point.events.map((event) => event.type).join(' → '))
        .toEqual(stateAndContext(live.getSnapshot()));
      expect(replayed.status).toBe(live.getSnapshot().status);
      live.stop();
    }
  });

  it('the walk reached each point it reports by the path it reports', () => {
    for (const [index, point] of reachedPoints.entries()) {
      expect(modelPointOf(point.snapshot)).toBe(modelPointOf(paths[index]!.state));
    }
  });
});

describe('closed visits', () => {
  const closed = reachedPoints.filter((point) => !isOpen(point.snapshot));

  it('are reached in every final state', () => {
    const finalStates = Object.entries(visitMachine.config.states ?? {})
      .filter(([, config]) => config?.type === 'final').map(([name]) => name).sort();
    expect([...new Set(closed.map((point) => stateOf(point.snapshot)))].sort()).toEqual(finalStates);
  });

  it('accept no step at all, and say the visit has ended', () => {
    for (const point of closed) {
      for (const event of representativeSteps(point.snapshot)) {
        expect(advanceVisit(point.snapshot, event)).toMatchObject({ accepted: false, refusals: [{ code: 'visitClosed' }] });
      }
    }
  });
});

describe('the overdose response from every open state, reached by a real path', () => {
  const openStates = visitStateNames.filter((state) =>
    reachedPoints.some((point) => stateOf(point.snapshot) === state && isOpen(point.snapshot)));

  /** The shortest generated path to this state, with no overdose response so far where there can be none. */
  function reachedWithoutResponse(state: VisitStateName): VisitSnapshot {
    const candidates = reachedPoints.filter((point) => stateOf(point.snapshot) === state);
    const quiet = candidates.filter((point) => point.snapshot.context.overdoseResponses.length === 0);
    const chosen = (quiet.length > 0 ? quiet : candidates).sort((a, b) => a.events.length - b.events.length)[0];
    if (!chosen) throw new Error(`${state} was not reached`);
    return chosen.snapshot;
  }

  it('covers every state that is not final', () => {
    const finalStates = Object.entries(visitMachine.config.states ?? {}).filter(([, config]) => config?.type === 'final').map(([name]) => name);
    expect([...openStates].sort()).toEqual(visitStateNames.filter((state) => !finalStates.includes(state)).sort());
  });

  it.each(openStates.filter((state) => state !== 'withheldInResponse'))('from %s: one touch starts it, every record is accepted, and the outcome closes it', (state) => {
    const visit = reachedWithoutResponse(state);
    const steps = [
      overdoseResponseStarted(40, 39), naloxoneGiven(41), oxygenGiven(41), rescueBreathingGiven(42), emergencyServicesCalled(42),
      naloxoneGiven(44, 0.8),
    ];
    const responding = steps.reduce((current, event) => {
      const step = advanceVisit(current, event);
      if (!step.accepted) throw new Error(`${event.type} refused in ${state}: ${reasonsOf(step.refusals)}`);
      expect(stateOf(step.snapshot)).toBe(state);
      return step.snapshot;
    }, visit);
    expect(openOverdoseResponse(responding.context)).toEqual({
      startedAt: at(40), noticedAt: at(39),
      naloxone: [
        { givenAt: at(41), doseMg: 0.4, route: 'IM', givenBy: 'nurse-1' },
        { givenAt: at(44), doseMg: 0.8, route: 'IM', givenBy: 'nurse-1' },
      ],
      oxygenAt: at(41), rescueBreathingAt: at(42), emergencyServicesCalledAt: at(42), outcome: null,
    });
    const outcome = advanceVisit(responding, overdoseOutcome(50, 'recovered and observed'));
    if (!outcome.accepted) throw new Error(reasonsOf(outcome.refusals));
    expect(openOverdoseResponse(outcome.snapshot.context)).toBeNull();
    expect(outcome.snapshot.context.overdoseResponses.at(-1)?.outcome).toEqual({ at: at(50), outcome: 'recovered and observed', note: null });
  });

  it.each(openStates.filter((state) => state !== 'withheldInResponse'))('from %s: naloxone before anyone touches start opens the response', (state) => {
    const step = advanceVisit(reachedWithoutResponse(state), naloxoneGiven(41));
    if (!step.accepted) throw new Error(reasonsOf(step.refusals));
    expect(stateOf(step.snapshot)).toBe(state);
    expect(step.snapshot.context.overdoseResponses).toEqual([{
      startedAt: at(41), noticedAt: at(41), naloxone: [{ givenAt: at(41), doseMg: 0.4, route: 'IM', givenBy: 'nurse-1' }],
      oxygenAt: null, rescueBreathingAt: null, emergencyServicesCalledAt: null, outcome: null,
    }]);
  });

  it('in withheldInResponse the response is already running: care is recorded on it, and a second start says so', () => {
    const visit = reachedWithoutResponse('withheldInResponse');
    expect(refusalCodes(visit, overdoseResponseStarted(40))).toEqual(['overdoseResponseOpen']);
    const cared = run(visit, [naloxoneGiven(41), oxygenGiven(41), rescueBreathingGiven(42), emergencyServicesCalled(42)]);
    expect(stateOf(cared)).toBe('withheldInResponse');
    expect(cared.context.overdoseResponses).toHaveLength(1);
    // The outcome does not close the visit: the person is observed for the hour after naloxone, then seen once more.
    const outcome = run(cared, [overdoseOutcome(50)]);
    expect(stateOf(outcome)).toBe('withheldInResponse');
    expect(refusalCodes(outcome, discharge(60))).toEqual(['observationTimeLeft']);
    expect(refusalCodes(outcome, discharge(102))).toEqual(['observationNeeded']);
    expect(refusalCodes(outcome, visitEnded(60, 'left before dose'))).toEqual(['observationAfterResponseNeeded']);
    expect(stateOf(run(outcome, [observation(101), discharge(102)]))).toBe('doseWithheld');
    expect(stateOf(run(outcome, [visitEnded(55, 'left against advice')]))).toBe('ended');
  });
});
