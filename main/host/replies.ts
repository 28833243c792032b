/**
 * Every answer the host gives a screen is made here: `done` for a step taken, `refused` for one
 * that was not, with its stable code and the sentence a person reads. Handlers, the dispatcher
 * and the views word a refusal nowhere else, so a newcomer finds each sentence in one of two
 * places: here for the door's own refusals, or beside the rule that refuses (shared/visit).
 */
import type { Reply } from '../../shared/contract/index.js';
import { reasonsOf, type Refusal, type RefusalCode } from '../../shared/refusals/refusal.js';

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

export const visitNotOpenHere = (): Refused => refused('visitNotOpen', 'This visit is not open on this kiosk.');

export const notSetUp = (): Refused => refused('notSetUp',
  'This kiosk is not set up yet: a clinic lead must enrol the clinic and its site rules first.');
