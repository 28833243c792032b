/**
 * Whether the kiosk's log is being written, in words staff can act on. The log shares its disk
 * with the ledger, so a log that stops being written is usually the first sign of a disk that is
 * filling up or failing: worth a line on the screen before the ledger itself refuses a record.
 */
import { diskProblemOf } from '../../config/disk-problem-words.js';

/** The code for lines dropped because the disk took them more slowly than the kiosk wrote them. */
export const backlogCode = 'BACKLOG';

export type LogHealth =
  | { state: 'writing'; file: string }
  | {
    state: 'dropping';
    file: string;
    folder: string;
    /** The errno the last write met (ENOSPC, EROFS, EACCES, EIO...), or BACKLOG. */
    code: string;
    /** Lines lost since `since`; writing is tried again every few seconds. */
    droppedLines: number;
    /** When the first of them was lost (ISO 8601). */
    since: string;
    /** One sentence for the screen: what is wrong with which folder, and what to do. */
    words: string;
  };

function lines(count: number): string {
  return count === 1 ? '1 line' : `${count.toLocaleString('en-GB')} lines`;
}

export function logTroubleWords(folder: string, code: string, droppedLines: number): string {
  const lost = `the kiosk's log has lost ${lines(droppedLines)}`;
  if (code === backlogCode) return `The disk holding ${folder} takes the kiosk's log more slowly than it is written: ${lost}. If this goes on, ask IT support to check the disk.`;
  switch (diskProblemOf(code)) {
    case 'full':
      return `The disk holding ${folder} is full: ${lost}, and the ledger on the same disk will soon refuse new records. Free space on that disk now.`;
    case 'read-only':
      return `The disk holding ${folder} has become read-only: ${lost}, and the ledger on it cannot take new records. Ask IT support to check the disk now.`;
    case 'not-permitted':
      return `The kiosk's user may no longer write in ${folder} (${code}): ${lost}. Ask IT support to give the folder back to the kiosk's user.`;
    case 'parent-missing':
    case 'not-a-folder':
      return `The data folder ${folder} is no longer where the kiosk keeps it (${code}): ${lost}. Ask IT support to check the folder and the disk now.`;
    default:
      return `The disk holding ${folder} reports a fault (${code}): ${lost}. Ask IT support to check the disk now.`;
  }
}
