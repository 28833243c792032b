/**
 * What a printout holds: one section or all, and the entries of a span of clinic days. Every
 * balance is the register's own; a span that starts after the first entry opens with the balance
 * brought forward (the register's balance after the entry before it), so the running balance
 * printed still reads true from the first line.
 */
import { clinicDayOf } from '../../shared/clinic-time/clinic-day.js';
import type { RegisterLine, RegisterSection } from '../../shared/contract/index.js';

export interface RegisterChoice {
  /** One section by its id; all of them when absent. */
  sectionId?: string;
  /** Clinic days, YYYY-MM-DD, inclusive; both or neither. */
  from?: string;
  to?: string;
}

export interface PrintedSection {
  section: RegisterSection;
  /** The register's balance before the first line printed; null when the printout starts at the section's beginning. */
  broughtForwardMg: number | null;
  lines: RegisterLine[];
}

export class RegisterChoiceError extends Error {}

/** The sections and lines to print, in the register's order. */
export function chooseRegisterLines(sections: readonly RegisterSection[], choice: RegisterChoice, timeZone: string): PrintedSection[] {
  const chosen = choice.sectionId === undefined ? sections : sections.filter((section) => section.sectionId === choice.sectionId);
  if (choice.sectionId !== undefined && chosen.length === 0) {
    throw new RegisterChoiceError(`The register has no section ${choice.sectionId}: the sections are ${sections.map((s) => s.sectionId).join(', ') || 'none yet'}.`);
  }
  const { from, to } = choice;
  if (from === undefined || to === undefined) return chosen.map((section) => ({ section, broughtForwardMg: null, lines: section.lines }));
  if (from > to) throw new RegisterChoiceError(`The span starts on ${from}, after it ends on ${to}.`);
  return chosen.map((section) => linesBetween(section, from, to, timeZone));
}

function linesBetween(section: RegisterSection, from: string, to: string, timeZone: string): PrintedSection {
  const dayOf = (line: RegisterLine) => clinicDayOf(new Date(line.at), timeZone);
  const lines = section.lines.filter((line) => dayOf(line) >= from && dayOf(line) <= to);
  const first = lines[0];
  // The line just before the first printed one in the register's order; with nothing in the span,
  // the last line before it.
  const before = first === undefined
    ? section.lines.filter((line) => dayOf(line) < from).at(-1)
    : section.lines[section.lines.indexOf(first) - 1];
  return { section, broughtForwardMg: before?.balanceMg ?? 0, lines };
}
