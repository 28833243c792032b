/**
 * The one-year history is made once per seed version and kept in the temp folder; each figure
 * works on its own copy, so no run changes what the next one starts from.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ledgerFileName } from '../../main/host/open-kiosk-host.js';
import { databaseKeyFileName } from '../../main/ledger/database-key-file.js';
import { freshDir } from '../support/temp-dir.js';
import { generateOneYearHistory, seedVersion, type SeedSummary } from './one-year-history.js';

export function oneYearSeedDir(): string {
  return join(tmpdir(), 'kiosk-bench', `one-year-v${seedVersion}`);
}

function cachedSummary(dir: string): SeedSummary | null {
  try {
    const summary = JSON.parse(readFileSync(join(dir, 'seed.json'), 'utf8')) as SeedSummary;
    return summary.seedVersion === seedVersion && summary.chainIntact ? summary : null;
  } catch {
    return null;
  }
}

/** The cached seed folder, made first if it is missing or of an older version. */
export async function seededDataDir(progress: (line: string) => void): Promise<string> {
  const dir = oneYearSeedDir();
  if (cachedSummary(dir)) return dir;
  rmSync(dir, { recursive: true, force: true });
  progress(`seed: writing one year of history to ${dir} (once per seed version)`);
  const summary = await generateOneYearHistory(dir, progress);
  progress(`seed: ${summary.events} events, ${summary.visits} visits, ${summary.serviceUsers} service users in ${summary.seconds} s`);
  return dir;
}

export function seedSummary(dir: string): SeedSummary {
  const summary = cachedSummary(dir);
  if (!summary) throw new Error(`No seed summary in ${dir}: run npm run bench:seed.`);
  return summary;
}

/** A private copy of the seeded data folder (ledger, its key and kiosk.json only; never the lock or the log). */
export function copyOfSeed(seedDir: string, prefix: string): { path: string; remove(): void } {
  const copy = freshDir(prefix);
  mkdirSync(copy.path, { recursive: true });
  for (const name of [ledgerFileName, 'kiosk.json', databaseKeyFileName]) copyFileSync(join(seedDir, name), join(copy.path, name));
  // A reader (ledger:verify, sqlite3) may leave an empty WAL beside it; one with pages in it would be lost here.
  const wal = join(seedDir, `${ledgerFileName}-wal`);
  if (existsSync(wal) && statSync(wal).size > 0) throw new Error(`${wal} holds writes not in the ledger file: delete ${seedDir} and run npm run bench:seed.`);
  return copy;
}
