/**
 * One host per data folder. Two hosts writing one ledger would race for the same sequence
 * numbers and show two different rooms; a host left running after its launcher was killed is the
 * usual way that happens. The lock is a file holding the owner's pid: a lock whose process is gone
 * (a host that was SIGKILLed, a power cut) is taken over.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class DataFolderInUseError extends Error {}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryCreate(file: string): boolean {
  try {
    writeFileSync(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Takes the folder for this process; returns the function that gives it back. */
export function lockDataFolder(dataDir: string): () => void {
  const file = join(dataDir, 'kiosk.pid');
  if (!tryCreate(file)) {
    const owner = Number.parseInt(readFileSync(file, 'utf8'), 10);
    if (Number.isInteger(owner) && owner !== process.pid && isRunning(owner)) {
      throw new DataFolderInUseError(
        `Another kiosk host (process ${owner}) is already using ${dataDir}. Stop it first, or start this one with another data folder.`,
      );
    }
    rmSync(file, { force: true });
    if (!tryCreate(file)) throw new DataFolderInUseError(`Another kiosk host took ${dataDir} at the same moment. Try again.`);
  }
  return () => rmSync(file, { force: true });
}
