/**
 * One host per data folder. Two hosts writing one ledger would race for the same sequence
 * numbers and show two different rooms; a host left running after its launcher was killed is the
 * usual way that happens. The lock is a file holding the owner's pid: a lock whose process is gone
 * (a host that was SIGKILLed, a power cut) is taken over. The lock also names the boot it was
 * taken in: after a power cut the old pid may belong to some other process by now.
 *
 * The lock file is made whole or not at all (createFileAtomically): a full disk once left a 0-byte
 * kiosk.pid. A lock that cannot be read is taken over like a stale one, so a 0-byte lock left by an
 * older version does not keep the kiosk from starting either.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { createFileAtomically } from '../config/atomic-files.js';

const LockFile = z.object({ pid: z.number().int().positive(), bootId: z.string().nullable() });

function currentBootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
}

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
    createFileAtomically(file, JSON.stringify({ pid: process.pid, bootId: currentBootId() }), 0o600);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** The pid holding the lock, or null when the lock is stale (unreadable, another boot, process gone). */
function ownerStillRunning(file: string): number | null {
  let lock: z.infer<typeof LockFile>;
  try {
    lock = LockFile.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return null;
  }
  const sameBoot = lock.bootId === null || lock.bootId === currentBootId();
  return sameBoot && lock.pid !== process.pid && isRunning(lock.pid) ? lock.pid : null;
}

/** Takes the folder for this process; returns the function that gives it back. */
export function lockDataFolder(dataDir: string): () => void {
  const file = join(dataDir, 'kiosk.pid');
  if (!tryCreate(file)) {
    const owner = ownerStillRunning(file);
    if (owner !== null) {
      throw new DataFolderInUseError(
        `Another kiosk host (process ${owner}) is already using ${dataDir}. Stop it first, or start this one with another data folder.`,
      );
    }
    rmSync(file, { force: true });
    if (!tryCreate(file)) throw new DataFolderInUseError(`Another kiosk host took ${dataDir} at the same moment. Try again.`);
  }
  return () => {
    // Giving the folder back never fails a stop: a lock left on a disk that went read-only is taken over as stale next time.
    try {
      rmSync(file, { force: true });
    } catch {
      // nothing more to do
    }
  };
}
