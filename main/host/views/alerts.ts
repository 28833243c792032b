/**
 * The banners across the top of the room: visits that could not be brought back after a restart,
 * each register section whose start-of-day count is not recorded while a session is open, and a
 * page kept by drug name whose balance is not yet carried to a product's section, and a section
 * below zero. The session
 * line says which session is open, or when the next opens.
 */
import { clinicDayOf, clockTimeIn, nextSessionAfter, sessionAt } from '../../../shared/clinic-time/clinic-day.js';
import type { SiteRules } from '../../../shared/site-rules/site-rules.js';
import type { HostParts } from '../host-parts.js';
import { legacyDrugOf, type StockRecords } from '../records/stock-records.js';

export function sessionWords(rules: SiteRules | null, now: Date, timeZone: string): string {
  if (!rules) return 'No site rules yet';
  const open = sessionAt(now, rules.sessions.windows, timeZone);
  if (open) return `${open.name} session, until ${clockTimeIn(open.closesAt, timeZone)}`;
  const next = nextSessionAfter(now, rules.sessions.windows, timeZone);
  return `No session open: ${next.name} opens at ${clockTimeIn(next.opensAt, timeZone)}`;
}

function stockCheckAlert(stock: StockRecords, section: string): string[] {
  const title = stock.sectionTitle(section);
  if (legacyDrugOf(section) === null) {
    return [`The start-of-day stock check for ${title} is not recorded yet today: a nurse and a witness count it against the register.`];
  }
  // A page kept by drug name is counted no more once its balance is carried to a product's section.
  const balanceMg = stock.balanceMg(section);
  if (balanceMg === 0) return [];
  return [`The register page for ${title} still holds ${balanceMg} mg: a clinic lead carries it to the product's section, witnessed, under Records > Stock.`];
}

/**
 * A section the register has below zero: two rooms offline drew from one cupboard on what each
 * knew, and together took more than it held. Every kiosk of the clinic shows it once synced, as
 * each reads the same register; it stays until a receipt or a correction brings it back.
 */
function belowZeroAlerts(stock: StockRecords, sections: readonly string[]): string[] {
  return sections.flatMap((section) => {
    const balanceMg = stock.balanceMg(section);
    if (balanceMg >= 0) return [];
    return [`The register for ${stock.sectionTitle(section)} stands at ${balanceMg} mg, below zero: count the stock, then record the missing receipt or a correction under Records > Stock.`];
  });
}

export function alerts(parts: Pick<HostParts, 'registry' | 'stock'>, now: Date, timeZone: string, rules: SiteRules | null): string[] {
  const unrestored = parts.registry.unrestorable().map((visit) =>
    `A visit (${visit.visitId.slice(0, 8)}) could not be brought back after a restart: ${visit.reason} Check the ledger with support before dosing that person again.`);
  const inSession = rules !== null && sessionAt(now, rules.sessions.windows, timeZone) !== null;
  // Read once for both alerts: a room view is drawn on every change in the room.
  const sections = parts.stock.sectionsWithLines();
  const unchecked = inSession ? parts.stock.sectionsWithoutStartOfDayCheck(clinicDayOf(now, timeZone), sections) : [];
  return [
    ...unrestored,
    ...unchecked.flatMap((section) => stockCheckAlert(parts.stock, section)),
    ...belowZeroAlerts(parts.stock, sections),
  ];
}
