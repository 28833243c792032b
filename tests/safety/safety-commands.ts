/**
 * What happens in a run, as data fast-check generates and shrinks: a start (day, time, the
 * breathalyser, who comes in) and a sequence of commands. Most commands are "the next step for
 * this person" and are turned into an intention only when they run, from the visit's step on the
 * room board (plausible-steps.ts), so most sequences get doses given; the rest are stray steps
 * from anyone, the clock moving, and the clinic lead and prescriber changing things.
 *
 * Every value shrinks towards the ordinary: dice towards 0 (the usual choice), waits towards a
 * minute, so a shrunk counterexample reads as the shortest plain story that still breaks a rule.
 */
import fc from 'fast-check';
import type { ProductForm } from '../../shared/register/products.js';
import { staffKeys, startDays, type KioskStart, type StaffKey } from './safety-kiosk.js';

export const personKeys = ['jay', 'mags', 'dee', 'kez'] as const;
export type PersonKey = (typeof personKeys)[number];

/** Random numbers in [0, 1), read in order by whoever turns a command into an intention. */
export type Dice = readonly number[];

export const visitIntentionTypes = [
  'startVisit', 'confirmIdentity', 'recordPreDoseCheck', 'startBreathTest', 'cancelBreathTest', 'recordManualBreathReading',
  'decideBreathReview', 'recordPreparation', 'recordAdministration', 'recordWaste', 'recordObservation', 'withholdDose',
  'dischargeVisit', 'endVisit', 'startOverdoseResponse', 'recordNaloxone', 'recordOverdoseOutcome',
] as const;
export type VisitIntentionType = (typeof visitIntentionTypes)[number];

export type RulesChange =
  | { kind: 'addWindow'; where: 'first' | 'last'; minutes: number }
  | { kind: 'splitWindow'; window: number }
  | { kind: 'removeWindow'; window: number }
  | { kind: 'moveWindow'; window: number; byMinutes: number }
  | { kind: 'dailyMaximum'; mg: number }
  | { kind: 'minimumInterval'; minutes: number }
  | { kind: 'graceTime'; minutes: number }
  | { kind: 'witnessRoles'; nursesOnly: boolean };

export type Command =
  | { kind: 'next'; person: number; dice: Dice }
  | { kind: 'stray'; person: number; intention: VisitIntentionType; by: StaffKey; dice: Dice }
  | { kind: 'wait'; minutes: number }
  | { kind: 'waitUntil'; moment: 'nextOpening' | 'nextClosing'; offsetMinutes: number }
  | { kind: 'changeRules'; change: RulesChange; by: StaffKey }
  | { kind: 'approveRules'; by: StaffKey; versionsBack: number }
  // `forms`: the forms a change allows, so a prescription may stop allowing the product a visit was checked in for.
  | { kind: 'prescribe'; person: number; change: 'lower' | 'change' | 'suspend'; doseMg: number; sessionsPerDay: number; forms: readonly ProductForm[]; by: StaffKey }
  /** The screen sends its last step again under the same request id (its reply was lost), after a while. */
  | { kind: 'sendAgain'; afterMinutes: number };

export interface RunStart extends KioskStart {
  people: readonly PersonKey[];
}

function durationWords(minutes: number): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  return [days ? `${days}d` : '', hours ? `${hours}h` : '', rest || minutes === 0 ? `${rest}min` : ''].join('');
}

function changeWords(change: RulesChange): string {
  switch (change.kind) {
    case 'addWindow': return `add a ${change.minutes}-min window ${change.where === 'first' ? 'before the first' : 'after the last'}`;
    case 'splitWindow': return `split window ${change.window + 1}`;
    case 'removeWindow': return `remove window ${change.window + 1}`;
    case 'moveWindow': return `move window ${change.window + 1} by ${change.byMinutes} min`;
    case 'dailyMaximum': return `daily maximum ${change.mg} mg`;
    case 'minimumInterval': return `minimum interval ${change.minutes} min`;
    case 'graceTime': return `grace time ${change.minutes} min`;
    case 'witnessRoles': return change.nursesOnly ? 'witnesses: nurses only' : 'witnesses: nurses and HCAs';
  }
}

/** How a command is printed in fast-check's counterexample: one short line each. */
export function commandWords(command: Command, people: readonly PersonKey[]): string {
  const person = (index: number) => people[index % people.length] ?? '?';
  const dice = (values: Dice) => values.map((value) => value.toFixed(2)).join(',');
  switch (command.kind) {
    case 'next': return `next ${(command.dice.at(-1) ?? 0) < 0.4 ? 'step' : (command.dice.at(-1) ?? 0) < 0.75 ? '2 steps' : '3 steps'} for ${person(command.person)} [${dice(command.dice)}]`;
    case 'stray': return `${command.by}: ${command.intention} for ${person(command.person)} [${dice(command.dice)}]`;
    case 'wait': return `wait ${durationWords(command.minutes)}`;
    case 'waitUntil': return `wait until ${command.offsetMinutes >= 0 ? '' : `${-command.offsetMinutes} min before `}the ${command.moment === 'nextOpening' ? 'next window opens' : 'next window closes'}${command.offsetMinutes > 0 ? ` + ${command.offsetMinutes} min` : ''}`;
    case 'changeRules': return `${command.by}: site rules, ${changeWords(command.change)}`;
    case 'approveRules': return `${command.by}: approve ${command.versionsBack === 0 ? 'the latest' : `${command.versionsBack} before the latest`} site rules`;
    case 'sendAgain': return `the screen sends its last step again, under its id${command.afterMinutes > 0 ? `, ${command.afterMinutes} min later` : ''}`;
    case 'prescribe': return `${command.by}: ${command.change} ${person(command.person)}'s prescription${command.change === 'suspend' ? '' : ` (${command.doseMg} mg, ${command.sessionsPerDay} a day, as ${command.forms.join(' or ')})`}`;
  }
}

const dice: fc.Arbitrary<Dice> = fc.array(fc.integer({ min: 0, max: 99 }).map((value) => value / 100), { minLength: 8, maxLength: 8 });
const personIndex = fc.integer({ min: 0, max: 3 });
const anyStaff = fc.constantFrom(...staffKeys);

const minutes = fc.oneof(
  { weight: 50, arbitrary: fc.integer({ min: 1, max: 30 }) },
  { weight: 28, arbitrary: fc.integer({ min: 30, max: 240 }) },
  { weight: 14, arbitrary: fc.integer({ min: 240, max: 1440 }) },
  { weight: 8, arbitrary: fc.integer({ min: 1440, max: 4 * 1440 }) },
);

const rulesChange: fc.Arbitrary<RulesChange> = fc.oneof(
  fc.record({ kind: fc.constant('addWindow' as const), where: fc.constantFrom('first' as const, 'last' as const), minutes: fc.integer({ min: 2, max: 12 }).map((n) => n * 15) }),
  fc.record({ kind: fc.constant('splitWindow' as const), window: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ kind: fc.constant('removeWindow' as const), window: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ kind: fc.constant('moveWindow' as const), window: fc.integer({ min: 0, max: 2 }), byMinutes: fc.integer({ min: -12, max: 12 }).map((n) => n * 15) }),
  fc.record({ kind: fc.constant('dailyMaximum' as const), mg: fc.integer({ min: 4, max: 20 }).map((n) => n * 50) }),
  fc.record({ kind: fc.constant('minimumInterval' as const), minutes: fc.constantFrom(180, 0, 60, 120, 240, 300) }),
  fc.record({ kind: fc.constant('graceTime' as const), minutes: fc.integer({ min: 0, max: 12 }).map((n) => n * 5) }),
  fc.record({ kind: fc.constant('witnessRoles' as const), nursesOnly: fc.boolean() }),
);

// Who changes and approves rules: mostly the leads (the same lead approving their own change must
// be refused), the prescriber approving, now and then someone whose role may not.
const rulesAuthor = fc.constantFrom<StaffKey>('lead', 'lead', 'lead2', 'nurse');
const approver = fc.constantFrom<StaffKey>('lead', 'lead2', 'prescriber', 'prescriber', 'hca');
const prescriber = fc.constantFrom<StaffKey>('prescriber', 'prescriber', 'prescriber', 'prescriber', 'nurse', 'lead');

// Shrinks towards the demo's own (both forms), so a counterexample changes forms only where it must.
const allowedForms = fc.constantFrom<readonly ProductForm[]>(
  ['powder for injection', 'solution for injection'], ['powder for injection'], ['solution for injection']);

export const commandArbitrary: fc.Arbitrary<Command> = fc.oneof(
  { weight: 64, arbitrary: fc.record({ kind: fc.constant('next' as const), person: personIndex, dice }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('stray' as const), person: personIndex, intention: fc.constantFrom(...visitIntentionTypes), by: anyStaff, dice }) },
  { weight: 11, arbitrary: fc.record({ kind: fc.constant('wait' as const), minutes }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('waitUntil' as const), moment: fc.constantFrom('nextOpening' as const, 'nextClosing' as const), offsetMinutes: fc.integer({ min: -30, max: 45 }) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('changeRules' as const), change: rulesChange, by: rulesAuthor }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('approveRules' as const), by: approver, versionsBack: fc.constantFrom(0, 0, 0, 1) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('sendAgain' as const), afterMinutes: fc.constantFrom(0, 0, 1, 20, 240) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('prescribe' as const), person: personIndex, change: fc.constantFrom('lower' as const, 'change' as const, 'suspend' as const),
      doseMg: fc.integer({ min: 2, max: 25 }).map((n) => n * 10), sessionsPerDay: fc.constantFrom(2, 1), forms: allowedForms, by: prescriber,
    }),
  },
);

export const runStartArbitrary: fc.Arbitrary<RunStart> = fc.record({
  day: fc.constantFrom(...startDays),
  minutesAfterSeven: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 60, max: 300 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 780 }) }),
  // A simulated breath test takes 1.5 s of real time: one run in eight has a device, the rest none.
  breathResult: fc.oneof(
    { weight: 7, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constantFrom('0 ug/100ml', '12 ug/100ml', '30 ug/100ml') },
  ),
  // Two or three people mostly, so each gets enough steps to be dosed more than once.
  people: fc.oneof(
    { weight: 4, arbitrary: fc.shuffledSubarray([...personKeys], { minLength: 2, maxLength: 3 }) },
    { weight: 1, arbitrary: fc.shuffledSubarray([...personKeys], { minLength: 4, maxLength: 4 }) },
  ),
});

/** A whole run, printed readably when it fails. */
export interface Scenario {
  start: RunStart;
  commands: readonly Command[];
}

export function scenarioArbitrary(steps: { min: number; max: number }): fc.Arbitrary<Scenario> {
  // Each command may shrink to nothing (it is almost never generated so): a counterexample can
  // lose commands below the run's minimum length, where an array alone stops at its minLength.
  const maybeCommand = fc.option(commandArbitrary, { nil: null, freq: 1_000_000 });
  return fc.record({ start: runStartArbitrary, commands: fc.array(maybeCommand, { minLength: steps.min, maxLength: steps.max }) })
    .map(({ start, commands }) => {
      const kept = commands.filter((command): command is Command => command !== null);
      return {
        start,
        commands: kept,
        [fc.toStringMethod]: () => [
          `start ${start.day} at 07:00 + ${start.minutesAfterSeven} min, breathalyser ${start.breathResult ?? 'none'}, people ${start.people.join(', ')}`,
          ...kept.map((command, index) => `  ${index + 1}. ${commandWords(command, start.people)}`),
        ].join('\n'),
      };
    });
}
