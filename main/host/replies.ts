/**
 * The shape of every answer the host gives a screen: `done` for a step taken, `refused` for one
 * that was not, always with a stable code (shared/refusals) beside the sentence a person reads.
 * The sentences themselves stand beside the check that refuses: a clinical rule's in shared/visit,
 * a handler's own in that handler, and the few that several places give (the door's, a visit not
 * open here) below.
 */
import type { Reply } from '../../shared/contract/index.js';
import { reasonsOf, refusal, type Refusal, type RefusalCode } from '../../shared/refusals/refusal.js';

export type Refused = Extract<Reply, { ok: false }>;

export function done(visitId: string | null = null): Reply {
  return { ok: true, visitId, staffId: null, report: null };
}

export function refused(code: RefusalCode, reason: string): Refused {
  return { ok: false, code, reason };
}

/** Several refusals from the rules: the first one's code, every sentence. */
export function refusedFor(refusals: readonly Refusal[]): Refused {
  const first = refusals[0];
  if (!first) throw new Error('A refusal needs at least one reason.');
  return refused(first.code, reasonsOf(refusals));
}

export const notUnderstood = (): Refused => refused('notUnderstood',
  'The kiosk could not understand that request, so nothing was recorded. Reload the screen and try again.');

export const notRecorded = (): Refused => refused('notRecorded',
  'The kiosk could not record that step, so nothing was saved. Try again; if it happens again, call support.');

export const visitNotOpen = refusal('visitNotOpen', 'This visit is not open on this kiosk.');

export const visitNotOpenHere = (): Refused => refusedFor([visitNotOpen]);
