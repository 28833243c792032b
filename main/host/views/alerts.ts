/**
 * The banners across the top of the room: visits that could not be brought back after a restart,
 * and each drug whose start-of-day count is not recorded while a session is open. The session
 * line says which session is open, or when the next opens.
 */
import { clinicDayOf, clockTimeIn, nextSessionAfter, sessionAt } from '../../../shared/clinic-time/clinic-day.js';
import type { SiteRules } from '../../../shared/site-rules/site-rules.js';
import type { HostParts } from '../host-parts.js';

export function sessionWords(rules: SiteRules | null, now: Date, timeZone: string): string {
  if (!rules) return 'No site rules yet';
  const open = sessionAt(now, rules.sessions.windows, timeZone);
  if (open) return `${open.name} session, until ${clockTimeIn(open.closesAt, timeZone)}`;
  const next = nextSessionAfter(now, rules.sessions.windows, timeZone);
  return `No session open: ${next.name} opens at ${clockTimeIn(next.opensAt, timeZone)}`;
}

export function alerts(parts: Pick<HostParts, 'registry' | 'stock'>, now: Date, timeZone: string, rules: SiteRules | null): string[] {
  const unrestored = parts.registry.unrestorable().map((visit) =>
    `A visit (${visit.visitId.slice(0, 8)}) could not be brought back after a restart: ${visit.reason} Check the ledger with support before dosing that person again.`);
  const inSession = rules !== null && sessionAt(now, rules.sessions.windows, timeZone) !== null;
  const unchecked = inSession ? parts.stock.drugsWithoutStartOfDayCheck(clinicDayOf(now, timeZone)) : [];
  return [
    ...unrestored,
    ...unchecked.map((drug) => `The start-of-day stock check for ${drug} is not recorded yet today: a nurse and a witness count it against the register.`),
  ];
}
