#!/usr/bin/env node
/**
 * `npm run test:safety -- --runs N`: the dose-safety property (tests/safety) with N runs, for a
 * long soak. `--seed S --path P` replays a failure fast-check printed; `--survey` runs every run
 * without stopping or shrinking and counts the problems by rule, with the shortest run for each;
 * `--only oneDosePerSession,dailyMaximum` fails (and shrinks) on those rules alone; `--shrink-seconds T`
 * bounds the shrinking (120 s unless said). Runs vitest on the property's file only.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const options = {
  '--runs': 'SAFETY_RUNS', '--seed': 'SAFETY_SEED', '--path': 'SAFETY_PATH', '--shrink-seconds': 'SAFETY_SHRINK_SECONDS', '--only': 'SAFETY_ONLY',
};
const env = { ...process.env };
const args = process.argv.slice(2);
for (let index = 0; index < args.length; index += 1) {
  const arg = args[index];
  const [name, inline] = arg.split('=', 2);
  if (name === '--survey') {
    env.SAFETY_SURVEY = '1';
  } else if (name in options) {
    const value = inline ?? args[(index += 1)];
    if (value === undefined || value === '') {
      console.error(`${name} needs a value, e.g. ${name} 1000`);
      process.exit(2);
    }
    env[options[name]] = value;
  } else {
    console.error(`Unknown option ${arg}. Use --runs N, --seed S, --path P, --shrink-seconds T, --only rule,rule or --survey.`);
    process.exit(2);
  }
}
if (env.SAFETY_RUNS !== undefined && !/^[1-9][0-9]*$/.test(env.SAFETY_RUNS)) {
  console.error(`--runs takes a whole number of runs, not "${env.SAFETY_RUNS}".`);
  process.exit(2);
}

const vitest = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'vitest.cmd' : 'vitest');
const result = spawnSync(vitest, ['run', 'tests/safety/dose-safety.property.test.ts'], { cwd: root, env, stdio: 'inherit' });
process.exit(result.status ?? 1);
