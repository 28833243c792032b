/**
 * The torture suite's settings and its run of the parts in order, shared by the command
 * (run-torture.ts) and the small setting inside `npm test` (torture-small.test.ts).
 */
import { tortureClaims } from './claims.js';
import { tortureDisk } from './disk.js';
import { tortureKills } from './kills.js';
import { tortureParser } from './parser.js';
import { tortureSync } from './sync.js';
import { count, type PartResult, type Progress } from './part-result.js';
import { Random } from './random.js';

export const partNames = ['kills', 'sync', 'claims', 'parser', 'disk'] as const;
export type PartName = (typeof partNames)[number];

export interface TortureSettings {
  seed: number;
  kills: number;
  syncEvents: number;
  claims: number;
  parserInputs: number;
  diskFills: number;
  only: PartName[];
}

/** Full size: about an hour on two cores. */
export const fullSize: TortureSettings = {
  seed: 1, kills: 1_000, syncEvents: 100_000, claims: 1_000, parserInputs: 1_000_000, diskFills: 50, only: [...partNames],
};

export const usage = 'Usage: npm run torture -- [--seed S] [--kills N] [--sync-events N] [--claims N] [--parser-inputs N] [--disk-fills N] ' +
  `[--only ${partNames.join(',')}]`;

const counts = { '--kills': 'kills', '--sync-events': 'syncEvents', '--claims': 'claims', '--parser-inputs': 'parserInputs', '--disk-fills': 'diskFills' } as const;

export function parseTortureArgs(args: readonly string[]): TortureSettings | { problem: string } {
  const settings: TortureSettings = { ...fullSize, only: [...fullSize.only] };
  for (let index = 0; index < args.length; index += 1) {
    const [name = '', inline] = args[index]!.split('=', 2);
    const value = inline ?? args[(index += 1)];
    if (value === undefined || value === '') return { problem: `${name} needs a value.` };
    if (name === '--only') {
      const parts = value.split(',').map((part) => part.trim());
      const unknown = parts.filter((part) => !(partNames as readonly string[]).includes(part));
      if (unknown.length > 0) return { problem: `--only takes ${partNames.join(', ')}; not ${unknown.join(', ')}.` };
      settings.only = parts as PartName[];
    } else if (name === '--seed' || name in counts) {
      if (!/^[0-9]+$/.test(value)) return { problem: `${name} takes a whole number, not "${value}".` };
      if (name === '--seed') settings.seed = Number(value);
      else settings[counts[name as keyof typeof counts]] = Number(value);
    } else {
      return { problem: `Unknown option ${name}.` };
    }
  }
  return settings;
}

type PartRun = (settings: TortureSettings, rng: Random, progress: Progress) => Promise<PartResult>;

const parts: Record<PartName, PartRun> = {
  kills: (settings, rng, progress) => tortureKills({ kills: settings.kills, rng, progress }),
  sync: (settings, rng, progress) => tortureSync({ events: settings.syncEvents, rng, progress }),
  claims: (settings, rng, progress) => tortureClaims({ claims: settings.claims, rng, progress }),
  parser: (settings, rng, progress) => tortureParser({ inputs: settings.parserInputs, rng, progress }),
  disk: (settings, rng, progress) => tortureDisk({ fills: settings.diskFills, rng, progress }),
};

export async function runTorture(settings: TortureSettings, progress: Progress): Promise<{ passed: boolean; results: PartResult[] }> {
  const root = new Random(settings.seed);
  progress(`torture: seed ${settings.seed}; ${partNames.filter((name) => settings.only.includes(name)).join(', ')}`);
  const results: PartResult[] = [];
  for (const name of partNames) {
    if (!settings.only.includes(name)) continue;
    const began = Date.now();
    let result: PartResult;
    try {
      result = await parts[name](settings, root.fork(name), progress);
    } catch (error) {
      result = { part: name, figures: `${name}: did not run to the end`, failures: [`run: ${error instanceof Error ? error.stack ?? error.message : String(error)}`], notes: [] };
    }
    results.push(result);
    progress(result.figures);
    for (const note of result.notes) progress(`  note: ${note}`);
    for (const failure of result.failures) progress(`  FAIL ${failure}`);
    progress(`  (${name} took ${count(Math.round((Date.now() - began) / 1000))} s)`);
  }
  const passed = results.every((result) => result.failures.length === 0);
  progress('');
  for (const result of results) progress(`${result.failures.length === 0 ? 'pass' : 'FAIL'}  ${result.figures}`);
  progress(passed ? 'PASS' : `FAIL (${results.filter((result) => result.failures.length > 0).map((result) => result.part).join(', ')})`);
  return { passed, results };
}
