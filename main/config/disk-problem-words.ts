/**
 * What a failed file operation on the data folder means, in words the person at the kiosk can act
 * on. Node says `ENOSPC: no space left on device, write` and SQLite says `disk is full`; neither
 * names the folder or what to do, and a stack trace under them buries both.
 *
 * SQLite's own codes are read as the disk problems they stand for. SQLITE_READONLY and
 * SQLITE_CANTOPEN do not say why, so the folder is asked directly (a probe file): the answer is the
 * operating system's own errno.
 */
import { closeSync, existsSync, openSync, rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';

/** A start refused because of the data folder's disk or permissions: its message is the whole story, no stack needed. */
export class DataFolderError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
  }
}

export type DiskProblem = 'full' | 'read-only' | 'not-permitted' | 'parent-missing' | 'not-a-folder' | 'faulty';

const problemOfErrno: Record<string, DiskProblem> = {
  ENOSPC: 'full', EDQUOT: 'full', SQLITE_FULL: 'full',
  EROFS: 'read-only',
  EACCES: 'not-permitted', EPERM: 'not-permitted', SQLITE_PERM: 'not-permitted',
  ENOENT: 'parent-missing',
  ENOTDIR: 'not-a-folder',
  EIO: 'faulty', SQLITE_IOERR: 'faulty', SQLITE_CORRUPT: 'faulty',
};

/** The code on an error or on any error it wraps (umzug wraps a migration's SQLite error in its own). */
function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  for (let at: unknown = error, depth = 0; at instanceof Error && depth < 5; at = at.cause, depth += 1) {
    const code = (at as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
  }
  return codes;
}

/** The errno a write in `folder` meets now, or null when a small file can be made there. */
export function probeFolderWrite(folder: string): string | null {
  const probe = join(folder, `.kiosk-write-check-${process.pid}`);
  try {
    closeSync(openSync(probe, 'w', 0o600));
    rmSync(probe, { force: true });
    return null;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'EIO';
  }
}

function problemOf(error: unknown, folder: string): { problem: DiskProblem; code: string } | null {
  for (const code of codesOf(error)) {
    const base = code.startsWith('SQLITE_IOERR') ? 'SQLITE_IOERR' : code;
    if (base.startsWith('SQLITE_READONLY') || base === 'SQLITE_CANTOPEN') {
      const probed = probeFolderWrite(folder);
      const problem = probed === null ? undefined : problemOfErrno[probed];
      return problem ? { problem, code: probed! } : { problem: 'not-permitted', code };
    }
    const problem = problemOfErrno[base];
    // ENOENT says the parent is missing only when it is: otherwise something vanished mid-start, and the raw error says more.
    if (problem === 'parent-missing' && existsSync(dirname(folder))) continue;
    if (problem) return { problem, code };
  }
  return null;
}

function kioskUser(): string {
  try {
    return userInfo().username;
  } catch {
    return `uid ${process.getuid?.() ?? 'unknown'}`;
  }
}

/** The sentence for a disk problem at start-up; "Nothing was recorded from this start" is true because each step is atomic. */
export function startWordsFor(problem: DiskProblem, folder: string, code: string): string {
  const nothingRecorded = 'Nothing was recorded from this start.';
  switch (problem) {
    case 'full':
      return `The disk holding ${folder} is full: free space on it, then start the kiosk again. ${nothingRecorded}`;
    case 'read-only':
      return `The disk holding ${folder} is mounted read-only, so the kiosk cannot keep its records there: ` +
        `remount it read-write (a disk that turned read-only by itself may be failing: ask IT support to check it), then start the kiosk again. ${nothingRecorded}`;
    case 'not-permitted':
      return `The kiosk's user (${kioskUser()}) may not write in ${folder} (${code}): make that user the owner of the folder and its files ` +
        `(for example "chown -R ${kioskUser()} ${folder}"), then start the kiosk again. ${nothingRecorded}`;
    case 'parent-missing':
      return `The data folder ${folder} cannot be made: the folder it goes in, ${dirname(folder)}, does not exist. ` +
        'Check that KIOSK_DATA_DIR or --data-dir names this kiosk\'s data folder (a restored kiosk\'s folder must be put back first), then start the kiosk again.';
    case 'not-a-folder':
      return `${folder} is not a folder (a file of that name, or of one of the folders above it, is in the way). ` +
        'Check that KIOSK_DATA_DIR or --data-dir names this kiosk\'s data folder, then start the kiosk again.';
    case 'faulty':
      return `The disk holding ${folder} reported a fault (${code}) while the kiosk was starting: ask IT support to check the disk before the kiosk is used again. ${nothingRecorded}`;
  }
}

/**
 * The start-up error in words when it is a disk or permission problem with `folder`; any other
 * error is returned as it is, for the caller to show.
 */
export function explainStartFailure(error: unknown, folder: string): unknown {
  if (error instanceof DataFolderError) return error;
  const found = problemOf(error, folder);
  if (!found) return error;
  return new DataFolderError(startWordsFor(found.problem, folder, found.code), found.code);
}

/** The short reason a disk problem gives, for messages about something other than starting (the log, a backup). */
export function diskProblemOf(code: string): DiskProblem | null {
  return problemOfErrno[code.startsWith('SQLITE_IOERR') ? 'SQLITE_IOERR' : code] ?? null;
}
