/**
 * What a register section holds that can still be drawn up: the balance the register knows, less
 * what open visits have drawn up from it and not yet recorded as given or wasted (out of the
 * cupboard, not yet out of the register), in this room and in the other rooms that share the
 * cupboard (known once their events are synced). A dose left drawn up after its session has
 * closed is named, so a stock count flags it rather than hides it.
 */
import { instantOn } from '../../../shared/clinic-time/clinic-day.js';
import { roundToMicrograms } from '../../../shared/register/products.js';
import type { VisitContext } from '../../../shared/visit/visit-context.js';
import { unaccountedMg } from '../../../shared/visit/visit-rules.js';
import { drugNameSection } from '../../ledger/projections.js';
import { clinicTimeZone } from '../clinic-context/clinic-context.js';
import type { ReferenceData } from '../records/reference-data.js';
import type { StockRecords } from '../records/stock-records.js';
import type { VisitRegistry } from '../visits/visit-registry.js';

// Its own few parts, not HostParts: the reports read stock on hand too, and HostParts holds the reports.
interface StockParts {
  registry: Pick<VisitRegistry, 'openVisits'>;
  stock: Pick<StockRecords, 'balanceMg' | 'drawnUpInOtherRooms'>;
  reference: Pick<ReferenceData, 'clinic' | 'serviceUser'>;
}

export interface DrawnUpDose {
  visitId: string;
  serviceUserId: string;
  preferredName: string;
  drawnMg: number;
  preparedAt: string;
  /** Its session closed before now: a dose should never wait that long in a syringe. */
  earlierSession: boolean;
  /** The other room whose visit it is; null for this room's. */
  room: string | null;
}

/** The section a visit's preparation drew from: its product, or the drug's page before the catalogue. */
export function sectionOfPreparation(context: VisitContext): string | null {
  const preparation = context.preparation;
  if (!preparation) return null;
  return preparation.productId ?? drugNameSection(preparation.drug.toLowerCase());
}

export function drawnUpFrom(parts: StockParts, section: string, at: string): DrawnUpDose[] {
  const zone = clinicTimeZone(parts.reference);
  const now = Date.parse(at);
  const sessionClosed = (clinicDay: string, closesAt: string | null) => closesAt === null || instantOn(clinicDay, closesAt, zone).getTime() < now;
  const nameOf = (serviceUserId: string) => parts.reference.serviceUser(serviceUserId)?.preferredName ?? 'A service user';
  const here = parts.registry.openVisits().flatMap(({ context }) => {
    const drawnMg = unaccountedMg(context);
    if (sectionOfPreparation(context) !== section || drawnMg <= 0 || !context.preparation) return [];
    return [{
      visitId: context.visitId, serviceUserId: context.serviceUserId, preferredName: nameOf(context.serviceUserId), drawnMg,
      preparedAt: context.preparation.at, earlierSession: sessionClosed(context.clinicDay, context.session.closesAt), room: null,
    }];
  });
  const elsewhere = parts.stock.drawnUpInOtherRooms(section).map((dose) => ({
    visitId: dose.visitId, serviceUserId: dose.serviceUserId, preferredName: nameOf(dose.serviceUserId), drawnMg: dose.drawnMg,
    preparedAt: dose.preparedAt, earlierSession: sessionClosed(dose.clinicDay, dose.sessionClosesAt), room: dose.room,
  }));
  return [...here, ...elsewhere];
}

export function totalDrawnUpMg(doses: readonly DrawnUpDose[]): number {
  return roundToMicrograms(doses.reduce((sum, dose) => sum + dose.drawnMg, 0));
}

/** The register's balance less what is drawn up: the most a new preparation may take. */
export function availableMg(parts: StockParts, section: string, at: string): number {
  return roundToMicrograms(parts.stock.balanceMg(section) - totalDrawnUpMg(drawnUpFrom(parts, section, at)));
}
