/**
 * `npm run bench:seed -- [--out <dir>] [--days <n>]`: writes the one-year history the bench uses
 * (into its cache folder unless --out is given) and prints what it wrote.
 */
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generateOneYearHistory, type SeedSummary } from './one-year-history.js';
import { oneYearSeedDir, seededDataDir } from './seed-cache.js';

const { values } = parseArgs({ options: { out: { type: 'string' }, days: { type: 'string' } } });
const days = values.days === undefined ? undefined : Number(values.days);
if (days !== undefined && (!Number.isInteger(days) || days < 1)) {
  console.error(`--days must be a whole number of days, not "${values.days}".`);
  process.exit(2);
}
async function seed(): Promise<{ dir: string; summary: SeedSummary | null }> {
  if (values.out === undefined && days === undefined) return { dir: await seededDataDir((line) => console.log(line)), summary: null };
  const shortSeedDir = `${oneYearSeedDir()}-days-${days}`;
  // A short seed in the cache folder is the bench's own to replace; a folder given with --out must be empty.
  if (values.out === undefined) rmSync(shortSeedDir, { recursive: true, force: true });
  const dir = values.out ?? shortSeedDir;
  return { dir, summary: await generateOneYearHistory(dir, (line) => console.log(line), days) };
}
const run = seed();
run.then(({ dir, summary }) => {
  console.log(`One-year history in ${dir}${summary ? `: ${JSON.stringify(summary)}` : ''}`);
}).catch((error: unknown) => {
  console.error(`The seed failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
