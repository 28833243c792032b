/**
 * Renderer -> host: what a person at the screen wants to happen. Intentions carry no clinical
 * judgement and no time of their own: the host stamps the time, checks the acting staff
 * member's role, applies the rules and answers every request with a reply.
 */
import { z } from 'zod';
import { BadgeNumber, PrescriptionTerms, StaffRole } from '../ledger/reference-events.js';
import { AllowedForms } from '../register/prescribed-forms.js';
import { DrugName, ProductForm, StockCounting } from '../register/products.js';
import { SedationLevel, SessionWindowDraft, SiteRules } from '../site-rules/site-rules.js';
import { EndReason, NaloxoneRoute, OverdoseOutcome, PreDoseDecision, Route, SubstanceUsed } from '../visit/visit-events.js';

const id = z.string().min(1).max(64);
const visitId = z.uuid();
const reason = z.string().trim().max(500).nullable();
const milligrams = z.number().positive().max(10_000);
const isoDate = z.iso.date();
// In the product's unit: ampoules, or mL of solution.
const stockUnits = z.number().positive().max(100_000);
// In an emergency the time is recorded as "now" or "so many minutes ago", never typed.
const minutesAgo = z.number().int().min(0).max(240);

export const Pin = z.string().regex(/^[0-9]{4,8}$/, 'A PIN is 4 to 8 digits.');
const bothPins = { actorPin: Pin, witnessPin: Pin };
// A visit's register entries (preparation, administration, waste) are signed by the nurse and the witness.
const nurseAndWitnessPins = { nursePin: Pin, witnessPin: Pin };

/** Site rules as a clinic lead edits them: the version and approval are the host's to set. */
export const SiteRulesDraft = SiteRules.omit({ version: true, approvedBy: true, sessions: true }).extend({
  sessions: z.object({ windows: z.array(SessionWindowDraft).min(1).max(3), graceMinutesAfterClose: z.number().int().min(0).max(120) }),
});
export type SiteRulesDraft = z.infer<typeof SiteRulesDraft>;

export const reportNames = ['register', 'todaysDoses', 'missedSessions', 'stockChecks', 'serviceUsers', 'staff', 'siteRules', 'audit'] as const;
export const ReportName = z.enum(reportNames);
export type ReportName = z.infer<typeof ReportName>;

/** Where the audit view continues from: the last event of the page before (newest first). */
export const AuditCursor = z.object({ occurredAt: z.string().max(40), kioskId: id, seq: z.number().int().positive() });
export type AuditCursor = z.infer<typeof AuditCursor>;

/** The audit view's filters; the clinic day is showReport's own `clinicDay`. */
export const AuditFilter = z.object({ serviceUserId: id.nullable(), staffId: id.nullable(), olderThan: AuditCursor.nullable() });
export type AuditFilter = z.infer<typeof AuditFilter>;

export const Intention = z.discriminatedUnion('type', [
  // Staff
  z.object({ type: z.literal('signIn'), badgeNumber: BadgeNumber, pin: Pin }),
  z.object({ type: z.literal('signOut'), staffId: id }),
  // The screen has been idle (no touch or key) for the host's idle time: everyone is signed out and
  // the host sends it no personal data until someone signs in. Needs nobody acting.
  z.object({ type: z.literal('lockScreen') }),
  // A badge locked after too many wrong PINs, opened again by a clinic lead.
  z.object({ type: z.literal('unlockStaff'), staffId: id }),
  // The visit
  z.object({ type: z.literal('startVisit'), serviceUserId: id }),
  z.object({ type: z.literal('confirmIdentity'), visitId }),
  z.object({
    type: z.literal('recordPreDoseCheck'),
    visitId,
    sedation: SedationLevel,
    intoxicationSigns: z.boolean(),
    selfReportedUse: z.array(SubstanceUsed).max(10),
    breathTestRequested: z.boolean(),
    decision: PreDoseDecision,
    reducedDoseMg: milligrams.nullable(),
    prescriberContact: reason,
    reason,
  }),
  z.object({ type: z.literal('startBreathTest'), visitId }),
  z.object({ type: z.literal('cancelBreathTest'), visitId }),
  z.object({
    type: z.literal('recordManualBreathReading'),
    visitId,
    // A sanity bound on the number only: what a breath can hold, per unit, is the host's to judge and to say.
    value: z.number().nonnegative().max(100_000),
    // Breath units only: a hand-entered reading carries no device ratio to read %BAC back with.
    unit: z.enum(['ug/100ml', 'mg/l', 'ug/l']),
    device: z.string().trim().min(1).max(80),
    reason: z.string().trim().min(1).max(500),
    witnessId: id,
  }),
  z.object({ type: z.literal('decideBreathReview'), visitId, decision: z.enum(['proceed', 'withhold']), reason }),
  // The nurse names the product drawn from: its register section takes the dose and any waste.
  // Both people sign each register entry of the visit with their own PINs as it is recorded (docs/design.md section 7; MDR 2001 reg 19).
  z.object({ type: z.literal('recordPreparation'), visitId, productId: id, drawnMg: milligrams, witnessId: id, ...nurseAndWitnessPins }),
  z.object({
    type: z.literal('recordAdministration'), visitId, administeredMg: milligrams, route: Route, site: z.string().min(1).max(60), witnessId: id,
    ...nurseAndWitnessPins,
  }),
  z.object({ type: z.literal('recordWaste'), visitId, wastedMg: milligrams, witnessId: id, ...nurseAndWitnessPins }),
  z.object({
    type: z.literal('recordObservation'),
    visitId,
    sedation: SedationLevel,
    respiratoryRate: z.number().int().min(0).max(80),
    oxygenSaturation: z.number().int().min(0).max(100).nullable(),
  }),
  z.object({ type: z.literal('withholdDose'), visitId, reason }),
  z.object({ type: z.literal('dischargeVisit'), visitId }),
  z.object({ type: z.literal('endVisit'), visitId, reason: EndReason, note: reason }),
  // The overdose response
  z.object({ type: z.literal('startOverdoseResponse'), visitId, noticedMinutesAgo: minutesAgo }),
  z.object({ type: z.literal('recordNaloxone'), visitId, doseMg: z.number().positive().max(20), route: NaloxoneRoute, minutesAgo }),
  z.object({ type: z.literal('recordOxygen'), visitId }),
  z.object({ type: z.literal('recordRescueBreathing'), visitId }),
  z.object({ type: z.literal('recordEmergencyCall'), visitId, minutesAgo }),
  z.object({ type: z.literal('recordOverdoseOutcome'), visitId, outcome: OverdoseOutcome, note: reason }),
  // A prescriber's decision that diamorphine may be given after naloxone: who decided, and why.
  z.object({
    type: z.literal('recordPrescriberDecisionAfterNaloxone'), visitId, prescriberId: id, reason: z.string().trim().min(1, 'Give the prescriber\'s reason.').max(500),
  }),
  // A double dose found when an offline kiosk reconnected: seen, and what was done about it.
  z.object({ type: z.literal('acknowledgeIncident'), incidentId: id, note: z.string().trim().min(1, 'Say what was done about it.').max(500) }),
  // Reference data
  z.object({
    type: z.literal('enrolStaff'),
    staffId: id.nullable(),
    displayName: z.string().trim().min(1).max(80),
    role: StaffRole,
    badgeNumber: BadgeNumber,
    // Null keeps the current PIN when updating someone already enrolled.
    pin: Pin.nullable(),
    active: z.boolean(),
  }),
  z.object({
    type: z.literal('enrolServiceUser'),
    serviceUserId: id.nullable(),
    preferredName: z.string().trim().min(1).max(60),
    legalName: z.string().trim().min(1).max(120),
    dateOfBirth: isoDate,
    // A photo taken at the kiosk: a base64 JPEG, PNG or WebP, never markup.
    photo: z.string().max(200_000).regex(/^data:image\/(jpeg|png|webp);base64,[A-Za-z0-9+/]+={0,2}$/, 'The photo must be a JPEG, PNG or WebP image.'),
    alcoholMonitoring: z.boolean(),
    handoverNote: z.string().trim().max(500).nullable(),
  }),
  PrescriptionTerms.extend({
    type: z.literal('issuePrescription'),
    serviceUserId: id,
    drug: DrugName,
    // Chosen from the catalogue's forms, never typed: the product picked at preparation must be one.
    allowedForms: AllowedForms,
    strengthMgPerMl: z.number().positive().max(1000).nullable(),
    startsOn: isoDate,
  }),
  PrescriptionTerms.extend({
    type: z.literal('changePrescription'), prescriptionId: id, allowedForms: AllowedForms, reason: z.string().trim().min(1).max(500),
  }),
  z.object({ type: z.literal('suspendPrescription'), prescriptionId: id, reason: z.string().trim().min(1).max(500) }),
  // A dated handover note, by whoever is on duty: the next worker reads it at check-in.
  z.object({
    type: z.literal('writeHandoverNote'), serviceUserId: id,
    note: z.string().trim().min(1, 'Write the handover note first.').max(500, 'A handover note is at most 500 characters: shorten it.'),
  }),
  z.object({ type: z.literal('clearRetitrationBlock'), serviceUserId: id, note: z.string().trim().min(1).max(500) }),
  z.object({ type: z.literal('changeSiteRules'), rules: SiteRulesDraft }),
  z.object({ type: z.literal('approveSiteRules'), version: z.number().int().positive() }),
  // Controlled-drug stock
  // A product for the register's catalogue (a clinic lead): the host names it and gives it its id.
  z.object({ type: z.literal('addControlledDrugProduct'), drug: DrugName, form: ProductForm, counting: StockCounting }),
  // Each register entry is signed by both people with their own PINs, as the dose is.
  z.object({
    type: z.literal('recordStockReceipt'), productId: id, units: stockUnits,
    supplier: z.string().trim().min(1).max(120), reference: z.string().trim().max(60).nullable(),
    batch: z.string().trim().min(1, 'Enter the batch number printed on the pack.').max(40), expiresOn: isoDate, witnessId: id, ...bothPins,
  }),
  z.object({
    type: z.literal('recordStockCheck'), productId: id, kind: z.enum(['start of day', 'end of day']),
    countedUnits: z.number().nonnegative().max(100_000), note: reason, witnessId: id, ...bothPins,
  }),
  // Destruction of stock, witnessed by an authorised person: enrolled staff sign with their PIN too.
  z.object({
    type: z.literal('recordStockDestruction'), productId: id, from: z.enum(['stock', 'patient return']), units: stockUnits,
    reason: z.enum(['expired', 'damaged', 'other']), note: reason,
    witness: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('staff'), witnessId: id, witnessPin: Pin }),
      z.object({
        kind: z.literal('outside'), name: z.string().trim().min(1, 'Enter the witness\'s name.').max(120),
        role: z.string().trim().min(1, 'Enter the witness\'s role.').max(120),
        organisation: z.string().trim().min(1, 'Enter the witness\'s organisation.').max(120),
      }),
    ]),
    actorPin: Pin,
  }),
  // Stock a service user hands back, received and witnessed like a receipt, kept apart from the balance.
  z.object({
    type: z.literal('recordPatientReturn'), productId: id, serviceUserId: id, units: stockUnits, note: reason, witnessId: id, ...bothPins,
  }),
  // A clinic lead marks who may witness destruction.
  z.object({ type: z.literal('authoriseDestructionWitness'), staffId: id, authorised: z.boolean() }),
  // A correction of a register entry (reg 20), by a nurse or a clinic lead, witnessed: the right
  // figures where the amount was wrong (the same figures where something else was).
  z.object({
    type: z.literal('correctRegisterEntry'), section: id, entryEventId: id,
    rightInMg: z.number().nonnegative().max(1_000_000), rightOutMg: z.number().nonnegative().max(1_000_000),
    reason: z.string().trim().min(1, 'Say what was wrong and why.').max(500), witnessId: id, ...bothPins,
  }),
  // A clinic lead closes a page kept by drug name, counting its stock into a product's section.
  z.object({
    type: z.literal('carryRegisterPageForward'), drug: DrugName, productId: id, countedUnits: z.number().nonnegative().max(100_000),
    note: reason, witnessId: id, ...bothPins,
  }),
  // Reports: answered to the asking screen only, never broadcast to the room.
  z.object({ type: z.literal('showReport'), report: ReportName, clinicDay: isoDate.nullable(), audit: AuditFilter.optional() }),
  // The register saved as a PDF in the kiosk's printouts folder, to print: one section or all, and
  // a span of clinic days (inclusive, both or neither). Printed by the person who asks.
  z.object({ type: z.literal('saveRegisterPrintout'), sectionId: id.nullable(), from: isoDate.nullable(), to: isoDate.nullable() }),
]);
export type Intention = z.infer<typeof Intention>;
export type IntentionType = Intention['type'];
export type IntentionOf<T extends IntentionType> = Extract<Intention, { type: T }>;
export const intentionTypes = Intention.options.map<IntentionType>((option) => option.shape.type.value);

export const RequestId = z.string().min(1).max(64);

/**
 * Several staff are signed in at one wall screen; `actorId` says which of them is acting. The
 * host checks that they are signed in here and that their role may send this intention.
 */
export const ToHost = z.object({ requestId: RequestId, actorId: id.nullable(), intention: Intention });
export type ToHost = z.infer<typeof ToHost>;
