/**
 * Reference data as ledger events: the clinic, its staff, its service users, their prescriptions
 * and the site rules. Recording these as events (not table edits) is what lets every kiosk learn
 * them through sync and lets an auditor see who changed what.
 */
import { z } from 'zod';
import { AllowedForms } from '../register/prescribed-forms.js';
import { ControlledDrugProduct } from '../register/products.js';
import { SiteRules } from '../site-rules/site-rules.js';
import { DoseRange, Route } from '../visit/visit-events.js';

export const StaffRole = z.enum(['nurse', 'hca', 'prescriber', 'clinicLead']);
export type StaffRole = z.infer<typeof StaffRole>;

const isoDate = z.iso.date();

// USB badge readers type the number like a keyboard.
export const BadgeNumber = z.string().trim().regex(/^[0-9A-Za-z]{3,32}$/, 'A badge number is 3 to 32 letters and digits.');

export const PrescriptionTerms = z.object({
  dosePerSessionMg: z.number().positive().max(2000),
  sessionsPerDay: z.number().int().min(1).max(3),
  routes: z.array(Route).min(1),
  reducedDoseRange: DoseRange.nullable(),
  endsOn: isoDate.nullable(),
});
export type PrescriptionTerms = z.infer<typeof PrescriptionTerms>;

export const ReferenceEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('clinicRegistered'),
    clinicId: z.string().min(1),
    name: z.string().min(1).max(120),
    // IANA zone: clinic days and session windows are counted in it, across clock changes.
    timeZone: z.string().min(1),
  }),
  // Enrolling the same staff id again updates them (new role, new badge, PIN reset, left).
  z.object({
    type: z.literal('staffEnrolled'),
    staffId: z.string().min(1),
    displayName: z.string().min(1).max(80),
    role: StaffRole,
    badgeNumber: BadgeNumber,
    // argon2id, never the PIN itself.
    pinHash: z.string().startsWith('$argon2id$'),
    active: z.boolean(),
  }),
  z.object({
    type: z.literal('serviceUserEnrolled'),
    serviceUserId: z.string().min(1),
    preferredName: z.string().min(1).max(60),
    legalName: z.string().min(1).max(120),
    dateOfBirth: isoDate,
    photo: z.string().startsWith('data:image/').max(200_000),
    alcoholMonitoring: z.boolean(),
    handoverNote: z.string().max(500).nullable(),
  }),
  PrescriptionTerms.extend({
    type: z.literal('prescriptionIssued'),
    prescriptionId: z.string().min(1),
    serviceUserId: z.string().min(1),
    drug: z.string().min(1),
    // The catalogue forms the prescription allows, issued since they were kept. An older event has
    // only `form`, free text, read as the catalogue forms it names, or none (prescribed-forms.ts).
    allowedForms: AllowedForms.optional(),
    form: z.string().min(1).optional(),
    strengthMgPerMl: z.number().positive().nullable(),
    startsOn: isoDate,
    prescriberId: z.string().min(1),
  }),
  // A change reaches an open visit before preparation: the dose moment reads the prescription in force then.
  PrescriptionTerms.extend({
    type: z.literal('prescriptionChanged'),
    prescriptionId: z.string().min(1),
    serviceUserId: z.string().min(1),
    // Absent on changes from before allowed forms were kept: the forms stay as they were.
    allowedForms: AllowedForms.optional(),
    reason: z.string().trim().min(1).max(500),
  }),
  z.object({
    type: z.literal('prescriptionSuspended'),
    prescriptionId: z.string().min(1),
    serviceUserId: z.string().min(1),
    reason: z.string().trim().min(1).max(500),
  }),
  // Missed sessions are counted again from this moment.
  z.object({
    type: z.literal('retitrationBlockCleared'),
    serviceUserId: z.string().min(1),
    note: z.string().trim().min(1).max(500),
  }),
  // A dated note for the next worker, written by a member of staff; never edited, a newer one follows it.
  z.object({
    type: z.literal('handoverNoteWritten'),
    serviceUserId: z.string().min(1),
    note: z.string().trim().min(1).max(500),
    writtenBy: z.string().min(1),
  }),
  // A new version of the rules, unapproved until a clinic lead approves that version.
  z.object({ type: z.literal('siteRulesAdopted'), rules: SiteRules }),
  z.object({ type: z.literal('siteRulesApproved'), version: z.number().int().positive(), approvedBy: z.string().min(1) }),
  // The catalogue of controlled-drug products, kept by a clinic lead: each is a register section.
  ControlledDrugProduct.extend({ type: z.literal('controlledDrugProductAdded') }),
  // Controlled-drug stock (Misuse of Drugs Regulations 2001 reg 19; two signatures). Receipts
  // recorded before the catalogue carry only a drug name: they stay on a page of that name.
  z.object({
    type: z.literal('stockReceived'),
    drug: z.string().min(1),
    quantityMg: z.number().positive().max(1_000_000),
    supplier: z.string().trim().min(1).max(120),
    reference: z.string().trim().max(60).nullable(),
    receivedBy: z.string().min(1),
    witnessedBy: z.string().min(1),
    productId: z.string().min(1).optional(),
    // In the product's unit: ampoules, or mL of solution.
    units: z.number().positive().max(100_000).optional(),
    batch: z.string().trim().min(1).max(40).optional(),
    expiresOn: isoDate.optional(),
  }),
  // Destruction of controlled-drug stock (expired, damaged), in the presence of a person
  // authorised to witness it: an enrolled member of staff the clinic has authorised, or someone
  // from outside recorded by name, role and organisation. From the clinic's stock, or from what
  // service users handed back (kept in a section of its own).
  z.object({
    type: z.literal('stockDestroyed'),
    productId: z.string().min(1),
    from: z.enum(['stock', 'patient return']),
    units: z.number().positive().max(100_000),
    quantityMg: z.number().positive().max(1_000_000),
    reason: z.enum(['expired', 'damaged', 'other']),
    note: z.string().trim().max(500).nullable(),
    destroyedBy: z.string().min(1),
    witness: z.union([
      z.object({ staffId: z.string().min(1) }),
      z.object({ name: z.string().trim().min(1).max(120), role: z.string().trim().min(1).max(120), organisation: z.string().trim().min(1).max(120) }),
    ]),
  }),
  // A service user hands back stock: it goes into the product's returns section, never its balance.
  z.object({
    type: z.literal('patientReturnReceived'),
    productId: z.string().min(1),
    serviceUserId: z.string().min(1),
    units: z.number().positive().max(100_000),
    quantityMg: z.number().positive().max(1_000_000),
    note: z.string().trim().max(500).nullable(),
    receivedBy: z.string().min(1),
    witnessedBy: z.string().min(1),
  }),
  // A clinic lead marks an enrolled member of staff as authorised (or no longer) to witness destruction.
  z.object({
    type: z.literal('destructionWitnessAuthorised'),
    staffId: z.string().min(1),
    authorised: z.boolean(),
    decidedBy: z.string().min(1),
  }),
  // A page kept under a drug name before the catalogue is closed by carrying its balance to a
  // product's section: the stock is counted, confirmed by a clinic lead and witnessed, and the
  // count opens the product's section. The page's lines stay where they are.
  z.object({
    type: z.literal('registerPageCarriedForward'),
    fromDrug: z.string().min(1),
    productId: z.string().min(1),
    pageBalanceMg: z.number(),
    countedUnits: z.number().nonnegative().max(100_000),
    countedMg: z.number().nonnegative().max(1_000_000),
    note: z.string().trim().max(500).nullable(),
    confirmedBy: z.string().min(1),
    witnessedBy: z.string().min(1),
  }),
  // Misuse of Drugs Regulations 2001 reg 20: an entry is never altered; a correction is a dated,
  // attributable note that names it, with a reason and a witness. Where the amount was wrong it
  // gives the right figures, and the difference moves the running balance from here on.
  z.object({
    type: z.literal('registerEntryCorrected'),
    section: z.string().min(1),
    entryEventId: z.string().min(1),
    wrong: z.object({ inMg: z.number().nonnegative(), outMg: z.number().nonnegative() }),
    right: z.object({ inMg: z.number().nonnegative(), outMg: z.number().nonnegative() }),
    reason: z.string().trim().min(1).max(500),
    correctedBy: z.string().min(1),
    witnessedBy: z.string().min(1),
  }),
  // Counted against the register at the start and end of the clinic day; a difference is an incident.
  z.object({
    type: z.literal('stockChecked'),
    drug: z.string().min(1),
    clinicDay: isoDate,
    kind: z.enum(['start of day', 'end of day']),
    countedMg: z.number().nonnegative().max(1_000_000),
    registerBalanceMg: z.number(),
    // Drawn up for doses not yet given or wasted: out of the cupboard, not yet out of the register.
    drawnUpMg: z.number().nonnegative().default(0),
    discrepancyMg: z.number(),
    note: z.string().trim().max(500).nullable(),
    checkedBy: z.string().min(1),
    witnessedBy: z.string().min(1),
    productId: z.string().min(1).optional(),
    countedUnits: z.number().nonnegative().max(100_000).optional(),
    // The open visits whose drawn-up doses the count allowed for, named so the difference can be followed up.
    drawnUpIn: z.array(z.object({ visitId: z.string().min(1), drawnMg: z.number().nonnegative(), preparedAt: z.string().min(1) })).optional(),
  }),
]);
export type ReferenceEvent = z.infer<typeof ReferenceEvent>;
export type ReferenceEventOf<T extends ReferenceEvent['type']> = Extract<ReferenceEvent, { type: T }>;
