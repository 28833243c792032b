/**
 * Reg 20: an entry of the register is never altered; a correction is a new entry that names it.
 * On paper each correction is numbered: the corrected entry and the correction both carry the
 * number, and a footnote on the corrected entry's page says what was corrected, when and by whom
 * (on the correction's page when the corrected entry falls outside the printout).
 */
import { dateAndTime } from '../../shared/clinic-time/clinic-time-text.js';
import type { RegisterLine } from '../../shared/contract/index.js';
import type { PrintedSection } from './register-selection.js';

export interface Footnote {
  number: number;
  words: string;
}

export interface SectionFootnotes {
  /** The footnote numbers to mark on a line, by event id. */
  marksOf(line: RegisterLine): number[];
  /** The footnotes that belong at the foot of the page a line is printed on. */
  placedWith(line: RegisterLine): Footnote[];
  /** Words for a correction line's note: which entry it corrects. */
  correctsWords(line: RegisterLine): string | null;
}

const entryWords = (line: RegisterLine, timeZone: string) => `the ${line.kind} of ${dateAndTime(line.at, timeZone)}`;

function footnoteWords(entry: RegisterLine | undefined, correction: RegisterLine, timeZone: string): string {
  const who = [correction.recordedBy && `recorded by ${correction.recordedBy}`, correction.witnessedBy && `witnessed by ${correction.witnessedBy}`]
    .filter(Boolean).join(', ');
  return `${entry ? `The ${entry.kind} of ${dateAndTime(entry.at, timeZone)}` : 'An entry not in this printout'} was corrected by the correction of ` +
    `${dateAndTime(correction.at, timeZone)}${who ? ` (${who})` : ''}: ${correction.detail ?? 'no reason given'}. ` +
    'The entry stands as first made; the correction moves the balance by the difference (reg 20).';
}

/** Numbers every correction in the printout, from `first`; returns the next free number too. */
export function numberCorrections(printed: PrintedSection, timeZone: string, first: number): { footnotes: SectionFootnotes; next: number } {
  const all = new Map(printed.section.lines.map((line) => [line.eventId, line]));
  const printedIds = new Set(printed.lines.map((line) => line.eventId));
  const numberOf = new Map<string, number>();
  let next = first;
  for (const line of printed.lines) {
    for (const id of line.kind === 'correction' ? [line.eventId] : line.correctedBy) if (!numberOf.has(id)) numberOf.set(id, next++);
  }
  const correctionsOf = (line: RegisterLine) => (line.kind === 'correction' ? [line.eventId] : line.correctedBy)
    .flatMap((id) => { const correction = all.get(id); return correction ? [correction] : []; });
  const ownerOf = (correction: RegisterLine) =>
    (correction.corrects !== null && printedIds.has(correction.corrects) ? correction.corrects : correction.eventId);
  return {
    next,
    footnotes: {
      marksOf: (line) => correctionsOf(line).flatMap((correction) => numberOf.get(correction.eventId) ?? []),
      placedWith: (line) => correctionsOf(line).filter((correction) => ownerOf(correction) === line.eventId).map((correction) => ({
        number: numberOf.get(correction.eventId) ?? 0,
        words: footnoteWords(correction.corrects === null ? undefined : all.get(correction.corrects), correction, timeZone),
      })),
      correctsWords: (line) => {
        if (line.kind !== 'correction' || line.corrects === null) return null;
        const entry = all.get(line.corrects);
        return `Correction [${numberOf.get(line.eventId) ?? '?'}] of ${entry ? entryWords(entry, timeZone) : 'an entry not in this printout'}`;
      },
    },
  };
}
