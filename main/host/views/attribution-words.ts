/**
 * "10:02 in Injection room 2, by Priya Nair": when, where and by whom something was done, in the
 * clinic's zone. The double-dose refusal and the incident on the board say it the same way.
 */
import { clockTimeIn } from '../../../shared/clinic-time/clinic-day.js';
import type { ReferenceData } from '../records/reference-data.js';

export function whereAndWho(
  reference: Pick<ReferenceData, 'nameOf'>, at: string, kioskName: string, staffId: string | null, timeZone: string,
): string {
  return `${clockTimeIn(new Date(at), timeZone)} in ${kioskName}, by ${reference.nameOf(staffId)}`;
}
