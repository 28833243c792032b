/**
 * The overdose response as a screen draws it, and what the rest of the visit must remember of it.
 * Owns: when the next naloxone dose is due (the site's repeat interval after the last dose), and
 * that naloxone was given in this visit. Must not touch: whether a dose of diamorphine may follow
 * (shared/visit/visit-rules.ts decides that).
 */
import type { VisitView } from '../../../shared/contract/index.js';
import type { VisitContext } from '../../../shared/visit/visit-context.js';
import type { ReferenceData } from '../records/reference-data.js';

const minute = 60_000;

/**
 * Naloxone is repeated every few minutes until breathing recovers (the site's own protocol,
 * `overdose.naloxoneRepeatMinutes`); the first dose is the nurse's judgement, so no prompt before it.
 */
function nextNaloxoneDueAt(context: VisitContext, lastGivenAt: string | undefined, open: boolean): string | null {
  if (!open || lastGivenAt === undefined) return null;
  return new Date(Date.parse(lastGivenAt) + context.rules.overdose.naloxoneRepeatMinutes * minute).toISOString();
}

/** The response in progress (or the last), with who gave each naloxone dose by name. */
export function overdoseView(context: VisitContext, reference: Pick<ReferenceData, 'nameOf'>): VisitView['overdose'] {
  const response = context.overdoseResponses.at(-1);
  if (!response) return null;
  const naloxone = response.naloxone.map((dose) => ({ ...dose, givenBy: reference.nameOf(dose.givenBy) }));
  const open = response.outcome === null;
  // Doses may be entered out of order (one backdated "2 min ago"): the latest given counts.
  const lastGivenAt = response.naloxone.map((dose) => dose.givenAt).sort().at(-1);
  return {
    ...response, naloxone, open,
    naloxoneRepeatMinutes: context.rules.overdose.naloxoneRepeatMinutes,
    nextNaloxoneDueAt: nextNaloxoneDueAt(context, lastGivenAt, open),
  };
}

/**
 * Naloxone wears off before diamorphine does (docs/clinical-protocol.md, "After naloxone"): every
 * screen that shows the visit says so for as long as the visit lasts, across all its responses.
 */
export function naloxoneGivenInVisit(context: VisitContext): VisitView['naloxoneGiven'] {
  const givenAt = context.overdoseResponses.flatMap((response) => response.naloxone.map((dose) => dose.givenAt)).sort();
  const lastAt = givenAt.at(-1);
  return lastAt === undefined ? null : { doses: givenAt.length, lastAt };
}
