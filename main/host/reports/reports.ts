/**
 * The reports a screen may ask for (answered to that screen only): the controlled-drug register
 * by section (product, or a page kept by drug name) with its running balance, today's doses and withheld doses, missed sessions, stock
 * checks, and the reference records. Read from projections; nothing here writes.
 */
import type { Database } from 'better-sqlite3';
import { clinicDayOf } from '../../../shared/clinic-time/clinic-day.js';
import type { AuditFilter, Report, ReportName, ReportOf } from '../../../shared/contract/index.js';
import { returnsSection } from '../../../shared/register/returns.js';
import { attendanceOf } from '../clinic-context/check-in-decision.js';
import { clinicContextAt, clinicTimeZone, pausedReason, prescriptionInForce, retitrationBlocked, type ClinicRecords } from '../clinic-context/clinic-context.js';
import type { EventRecords } from '../records/event-records.js';
import type { ReferenceData } from '../records/reference-data.js';
import { legacyDrugOf, type StockRecords } from '../records/stock-records.js';
import { drawnUpFrom } from '../register/stock-on-hand.js';
import type { VisitRegistry } from '../visits/visit-registry.js';
import { auditReport } from './audit.js';
import { registerReport, type RegisterRecords } from './register.js';

export interface ReportRecords extends ClinicRecords, RegisterRecords {
  stock: StockRecords;
  events: EventRecords;
  /** This room's open visits, for the doses drawn up and not yet out of the register. */
  registry: VisitRegistry;
}

// The same few the visit shows at check-in.
const latestHandoverNotes = 3;

export class Reports {
  private readonly reference: ReferenceData;

  constructor(private readonly db: Database, private readonly records: ReportRecords) {
    this.reference = records.reference;
  }

  build(name: ReportName, now: Date, clinicDay: string | null, audit: AuditFilter | null = null): Report {
    const day = clinicDay ?? clinicDayOf(now, clinicTimeZone(this.reference));
    switch (name) {
      case 'register': return registerReport(this.db, this.records, now);
      case 'todaysDoses': return this.dosesOn(day);
      case 'missedSessions': return this.missedSessions(now);
      case 'stockChecks': return this.stockChecks(now);
      case 'serviceUsers': return this.serviceUsers(now);
      case 'staff': return this.staff();
      case 'siteRules': return this.siteRules(now);
      // The audit view reads every day unless one is asked for.
      case 'audit': return auditReport(this.db, this.records, clinicDay, audit);
    }
  }

  private dosesOn(clinicDay: string): ReportOf<'todaysDoses'> {
    const doses = this.db.prepare<[string], {
      administered_at: string; service_user_id: string; session_name: string; administered_mg: number; wasted_mg: number; route: string;
    }>(`SELECT d.administered_at, d.service_user_id, f.session_name, d.administered_mg, d.wasted_mg, d.route
        FROM doses d JOIN visit_facts f ON f.visit_id = d.visit_id WHERE d.clinic_day = ? ORDER BY d.administered_at`).all(clinicDay);
    const withheld = this.db.prepare<[string], { service_user_id: string; at: string; reason: string }>(`
      SELECT v.service_user_id, json_extract(v.snapshot, '$.context.outcome.at') AS at,
             json_extract(v.snapshot, '$.context.outcome.reason') AS reason
      FROM visits v JOIN visit_facts f ON f.visit_id = v.visit_id
      WHERE f.clinic_day = ? AND json_extract(v.snapshot, '$.context.outcome.kind') = 'doseWithheld' ORDER BY at`).all(clinicDay);
    const name = (id: string) => this.reference.serviceUser(id)?.preferredName ?? 'Unknown';
    return {
      kind: 'todaysDoses',
      clinicDay,
      doses: doses.map((dose) => ({
        at: dose.administered_at, serviceUserId: dose.service_user_id, preferredName: name(dose.service_user_id),
        session: dose.session_name, administeredMg: dose.administered_mg, wastedMg: dose.wasted_mg, route: dose.route,
      })),
      withheld: withheld.map((visit) => ({ at: visit.at, preferredName: name(visit.service_user_id), reason: visit.reason })),
    };
  }

  private missedSessions(now: Date): ReportOf<'missedSessions'> {
    const context = clinicContextAt(this.records, now);
    if (!context) return { kind: 'missedSessions', people: [] };
    const { rules } = context;
    return {
      kind: 'missedSessions',
      people: this.reference.serviceUsers().flatMap((person) => {
        const prescription = prescriptionInForce(this.reference, person, context);
        if (!prescription) return [];
        const attendance = attendanceOf(context, person, prescription);
        return [{
          serviceUserId: person.serviceUserId, preferredName: person.preferredName, consecutiveMissed: attendance.consecutiveMissed,
          paused: attendance.consecutiveMissed >= rules.dosing.missedSessionsBeforeBlock, missed: attendance.missed,
        }];
      }),
    };
  }

  private stockChecks(now: Date): ReportOf<'stockChecks'> {
    const checks = this.db.prepare<[], {
      at: string; clinic_day: string; section: string; kind: string; counted_mg: number; register_balance_mg: number; drawn_up_mg: number;
      discrepancy_mg: number; note: string | null; checked_by: string; witnessed_by: string;
    }>('SELECT * FROM stock_checks ORDER BY at DESC').all();
    const { stock } = this.records;
    const products = stock.products();
    const productIds = new Set(products.map((product) => product.productId));
    const sections = [
      ...products.map((product) => ({ sectionId: product.productId, productId: product.productId, counting: product.counting })),
      // Pages kept by drug name, to count and carry forward; stock handed back by service users is not stock on hand.
      ...stock.sectionsWithLines().filter((section) => !productIds.has(section) && legacyDrugOf(section) !== null)
        .map((section) => ({ sectionId: section, productId: null, counting: null })),
    ];
    const at = now.toISOString();
    return {
      kind: 'stockChecks',
      checks: checks.map((check) => ({
        at: check.at, clinicDay: check.clinic_day, section: stock.sectionTitle(check.section), kind: check.kind, countedMg: check.counted_mg,
        registerBalanceMg: check.register_balance_mg, drawnUpMg: check.drawn_up_mg, discrepancyMg: check.discrepancy_mg, note: check.note,
        checkedBy: this.reference.nameOf(check.checked_by), witnessedBy: this.reference.nameOf(check.witnessed_by),
      })),
      balances: sections.map((section) => ({
        ...section, title: stock.sectionTitle(section.sectionId), balanceMg: stock.balanceMg(section.sectionId),
        drawnUp: drawnUpFrom(this.records, section.sectionId, at).map(({ visitId, preferredName, drawnMg, preparedAt, earlierSession, room }) =>
          ({ visitId, preferredName, drawnMg, preparedAt, earlierSession, room })),
      })),
      returned: products.flatMap((product) => {
        const balanceMg = stock.balanceMg(returnsSection(product.productId));
        return balanceMg > 0 ? [{ productId: product.productId, title: product.title, counting: product.counting, balanceMg }] : [];
      }),
      destructionWitnessIds: stock.destructionWitnessIds(),
      // Preferred names only: who handed stock back is all the return form needs.
      serviceUsers: this.reference.serviceUsers().map(({ serviceUserId, preferredName }) => ({ serviceUserId, preferredName })),
    };
  }

  private serviceUsers(now: Date): ReportOf<'serviceUsers'> {
    const context = clinicContextAt(this.records, now);
    return {
      kind: 'serviceUsers',
      people: this.reference.serviceUsers().map((person) => ({
        ...person,
        mayIssuePrescription: !this.reference.prescriptionsOf(person.serviceUserId).some((rx) => rx.status === 'active' && rx.endsOn === null),
        prescriptions: this.reference.prescriptionsOf(person.serviceUserId).map((rx) => ({
          prescriptionId: rx.prescriptionId, drug: rx.drug, form: rx.form, allowedForms: rx.allowedForms ?? [], strengthMgPerMl: rx.strengthMgPerMl,
          dosePerSessionMg: rx.dosePerSessionMg, sessionsPerDay: rx.sessionsPerDay, routes: rx.routes,
          reducedDoseRange: rx.reducedDoseRange, startsOn: rx.startsOn, endsOn: rx.endsOn, status: rx.status,
          prescriber: this.reference.nameOf(rx.prescriberId),
        })),
        paused: pausedReason(this.reference, context, person, 'full'),
        retitrationBlocked: retitrationBlocked(this.reference, context, person),
        handoverNotes: this.reference.handoverNotesOf(person, latestHandoverNotes),
      })),
    };
  }

  private staff(): ReportOf<'staff'> {
    return {
      kind: 'staff',
      staff: this.reference.staff().map((member) => ({
        id: member.staffId, displayName: member.displayName, role: member.role, badgeNumber: member.badgeNumber, active: member.active,
        lockedOut: this.reference.pinLockout(member.staffId).lockedAt !== null,
        destructionWitness: this.records.stock.isDestructionWitness(member.staffId),
      })),
    };
  }

  private siteRules(now: Date): ReportOf<'siteRules'> {
    const inForce = this.reference.siteRulesVersionAt(now);
    const latest = this.reference.latestSiteRules();
    if (!inForce || !latest) throw new Error('This kiosk has no site rules yet.');
    return {
      kind: 'siteRules',
      current: inForce.rules,
      // A change waiting for a second person's approval: shown beside the rules in force, not in their place.
      awaitingApproval: latest.version !== inForce.version && latest.approvedAt === null
        ? { rules: latest.rules, adoptedBy: latest.adoptedBy === null ? null : this.reference.nameOf(latest.adoptedBy), adoptedByStaffId: latest.adoptedBy }
        : null,
      history: this.reference.siteRulesVersions().slice().reverse().map((version) => ({
        version: version.version, adoptedAt: version.adoptedAt, approvedBy: version.approvedBy, approvedAt: version.approvedAt,
        adoptedBy: version.adoptedBy === null ? null : this.reference.nameOf(version.adoptedBy),
        adoptedByStaffId: version.adoptedBy,
        inForce: version.version === inForce.version,
      })),
    };
  }
}
