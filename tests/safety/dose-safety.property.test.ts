/**
 * Issue 13's property: no sequence of steps gives a dose the rules forbid. Random staff (right
 * and wrong roles) take random steps for several people of the demo clinic while the clock moves
 * by minutes to days (across midnight and both UK clock changes), clinic leads change and approve
 * the session windows, daily maximum and minimum interval, and the prescriber lowers, changes and
 * suspends prescriptions, and a screen now and then sends its last step again under its request id
 * (its reply lost; issue 14), which must never be written twice. After each run the ledger file is read and every dose judged against the
 * rules as they stood when it was given (ledger-dose-check.ts).
 *
 * `npm test` runs 200 runs; `npm run test:safety -- --runs N` any number, `--seed S --path P`
 * replays a failure, `--only rule` fails on one rule alone, `--survey` counts every rule broken
 * (tests/safety/run-safety.mjs).
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ruleNames } from './ledger-dose-check.js';
import { scenarioArbitrary } from './safety-commands.js';
import { removeTemplates } from './safety-kiosk.js';
import { runScenario, type RunOutcome } from './safety-run.js';

const numRuns = Number(process.env['SAFETY_RUNS'] ?? 200);
const seed = process.env['SAFETY_SEED'] === undefined ? undefined : Number(process.env['SAFETY_SEED']);
const path = process.env['SAFETY_PATH'];
const steps = { min: 20, max: 60 };
// `--only rule,rule`: fail (and shrink) on these rules alone, to get a small counterexample for one of them.
const only = process.env['SAFETY_ONLY']?.split(',').map((rule) => rule.trim()).filter((rule) => rule !== '') ?? [];
const unknownRules = only.filter((rule) => !(ruleNames as readonly string[]).includes(rule));
if (unknownRules.length > 0) throw new Error(`No such rule: ${unknownRules.join(', ')}. The rules are ${ruleNames.join(', ')}.`);
// Survey mode: every run is run (no stopping at the first failure, no shrinking) and the problems counted by rule.
const survey = process.env['SAFETY_SURVEY'] === '1';
// Each shrinking attempt is a whole run; past this, the smallest counterexample found so far is reported.
const shrinkingBudgetMs = Number(process.env['SAFETY_SHRINK_SECONDS'] ?? 120) * 1000;
// A run takes about half a second on a loaded 2-core machine; the limit is far above it.
const timeoutMs = numRuns * 3_000 + shrinkingBudgetMs + 60_000;

interface Tally { runs: number; withDose: number; withSecondDose: number; doses: number; clockChanges: number; approvals: number; ruleChanges: number; prescriptionChanges: number; sentAgain: number; refusedForStock: number; refusedForForm: number; startedAt: number }
const tally: Tally = { runs: 0, withDose: 0, withSecondDose: 0, doses: 0, clockChanges: 0, approvals: 0, ruleChanges: 0, prescriptionChanges: 0, sentAgain: 0, refusedForStock: 0, refusedForForm: 0, startedAt: Date.now() };
let firstFailureAt: number | null = null;

function counted(outcome: RunOutcome): void {
  // Only the runs fast-check generated; once one fails the rest are shrinking attempts.
  if (firstFailureAt !== null) return;
  tally.runs += 1;
  if (outcome.dosesGiven > 0) tally.withDose += 1;
  if (outcome.mostForOnePerson > 1) tally.withSecondDose += 1;
  tally.doses += outcome.dosesGiven;
  if (outcome.clockChanges > 0) tally.clockChanges += 1;
  if (outcome.rulesApproved > 0) tally.approvals += 1;
  if (outcome.rulesChanged > 0) tally.ruleChanges += 1;
  if (outcome.prescriptionsChanged > 0) tally.prescriptionChanges += 1;
  tally.sentAgain += outcome.writtenStepsSentAgain;
  tally.refusedForStock += outcome.preparationsRefusedForStock;
  tally.refusedForForm += outcome.preparationsRefusedForForm;
}

function share(count: number): string {
  return tally.runs === 0 ? '-' : `${Math.round((100 * count) / tally.runs)}%`;
}

afterAll(() => {
  removeTemplates();
  const seconds = Math.round((Date.now() - tally.startedAt) / 1000);
  console.log(`dose safety: ${tally.runs} runs in ${seconds} s; ${share(tally.withDose)} gave at least one dose and ${share(tally.withSecondDose)} someone a second (${tally.doses} doses checked); ` +
    `clocks changed in ${share(tally.clockChanges)}, site rules changed in ${share(tally.ruleChanges)} and approved in ${share(tally.approvals)}, ` +
    `prescriptions changed in ${share(tally.prescriptionChanges)}; ${tally.sentAgain} recorded steps sent again under their request id; ${tally.refusedForStock} preparations refused by the register, ${tally.refusedForForm} for a form or drug the prescription did not allow${firstFailureAt === null ? '' : ' (counted up to the first failure)'}`);
});

function failureReport(outcome: RunOutcome): string {
  return [
    `${outcome.violations.length} problem(s) with the doses in the ledger:`,
    ...outcome.violations.map((violation) => `  [${violation.rule}] ${violation.words}`),
    '',
    'What was done (the time on the clinic\'s wall clock, who, what, the host\'s answer):',
    ...outcome.transcript.map((line) => `  ${line}`),
  ].join('\n');
}

describe.skipIf(survey)('the dose-safety property', () => {
  it(`gives no dose the rules forbid, over ${numRuns} random runs of ${steps.min}-${steps.max} steps`, async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary(steps), async (scenario) => {
        // Shrinking past its budget: every further candidate is skipped, so the smallest found is reported.
        fc.pre(firstFailureAt === null || Date.now() - firstFailureAt < shrinkingBudgetMs);
        const run = await runScenario(scenario);
        counted(run);
        const outcome = only.length === 0 ? run : { ...run, violations: run.violations.filter((violation) => only.includes(violation.rule)) };
        if (outcome.violations.length === 0) return;
        firstFailureAt ??= Date.now();
        throw new Error(failureReport(outcome));
      }),
      { numRuns, includeErrorInReport: true, ...(seed === undefined ? {} : { seed }), ...(path === undefined ? {} : { path }) },
    );
    // Not vacuous: a property over runs that never reach a dose would pass whatever the host allowed.
    expect(tally.withDose / tally.runs, 'share of runs with at least one dose').toBeGreaterThanOrEqual(path === undefined && numRuns >= 50 ? 0.3 : 0);
    expect(tally.sentAgain, 'recorded steps sent again').toBeGreaterThanOrEqual(path === undefined && numRuns >= 50 ? 20 : 0);
    expect(tally.refusedForStock, 'preparations refused by the register').toBeGreaterThanOrEqual(path === undefined && numRuns >= 50 ? 15 : 0);
  }, timeoutMs);
});

describe.runIf(survey)('a survey of the rules the host breaks', () => {
  it(`counts the problems in ${numRuns} runs, by rule, with the shortest run for each`, async () => {
    const samples = fc.sample(scenarioArbitrary(steps), { numRuns, ...(seed === undefined ? {} : { seed }) });
    const byRule = new Map<string, { runs: number; example: RunOutcome }>();
    for (const scenario of samples) {
      const outcome = await runScenario(scenario);
      counted(outcome);
      for (const rule of new Set(outcome.violations.map((violation) => violation.rule))) {
        const seen = byRule.get(rule);
        const shorter = !seen || outcome.transcript.length < seen.example.transcript.length;
        byRule.set(rule, { runs: (seen?.runs ?? 0) + 1, example: shorter ? outcome : seen.example });
      }
    }
    for (const [rule, { runs, example }] of [...byRule].sort(([, a], [, b]) => b.runs - a.runs)) {
      console.log(`\n=== ${rule}: broken in ${runs} of ${numRuns} runs. The shortest:\n${failureReport({ ...example, violations: example.violations.filter((violation) => violation.rule === rule) })}`);
    }
    expect([...byRule.keys()]).toEqual([]);
  }, timeoutMs);
});
