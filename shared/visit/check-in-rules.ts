/**
 * Rules that decide whether a visit may start at all. The treatment-room issue adds session
 * windows, the daily maximum and missed sessions here; the minimum interval is here from the
 * start, because without it the same person could be dosed twice in a row.
 */
import { clockTimeIn } from '../clinic-time/clinic-day.js';
import type { SiteRules } from '../site-rules/site-rules.js';

const minute = 60_000;

export interface CheckInFacts {
  preferredName: string;
  lastDoseAt: string | null;
  now: string;
  rules: SiteRules;
  timeZone: string;
}

export function checkInProblems(facts: CheckInFacts): string[] {
  if (facts.lastDoseAt === null) return [];
  const gap = facts.rules.dosing.minimumMinutesBetweenDoses;
  const nextFrom = Date.parse(facts.lastDoseAt) + gap * minute;
  if (Date.parse(facts.now) >= nextFrom) return [];
  const hours = gap % 60 === 0 ? `${gap / 60} hours` : `${gap} minutes`;
  return [
    `${facts.preferredName} was last given a dose at ${clockTimeIn(new Date(facts.lastDoseAt), facts.timeZone)}. ` +
    `Doses must be at least ${hours} apart, so the next can be given from ${clockTimeIn(new Date(nextFrom), facts.timeZone)}.`,
  ];
}
