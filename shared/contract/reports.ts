/**
 * Reports the host answers to the screen that asked (never broadcast to the room): the
 * controlled-drug register, today's doses, missed sessions, stock checks, and the reference
 * records a prescriber or clinic lead maintains.
 */
import { z } from 'zod';
import { StaffRole } from '../ledger/reference-events.js';
import { ProductForm, StockCounting } from '../register/products.js';
import { SiteRules } from '../site-rules/site-rules.js';
import { Route } from '../visit/visit-events.js';

const instant = z.string();

/**
 * A handover note as the next worker reads it: dated and signed, or the note kept on the record
 * before notes were dated (`writtenAt` and `writtenBy` null).
 */
export const HandoverNoteView = z.object({ note: z.string(), writtenAt: instant.nullable(), writtenBy: z.string().nullable() });
export type HandoverNoteView = z.infer<typeof HandoverNoteView>;

/** One line of the register, with the Misuse of Drugs Regulations 2001 reg 19 headings. */
export const RegisterLine = z.object({
  eventId: z.string(),
  kioskId: z.string(),
  seq: z.number(),
  at: instant,
  kind: z.enum(['receipt', 'administration', 'waste', 'stock check', 'carried forward', 'correction', 'destruction', 'patient return']),
  serviceUser: z.string().nullable(),
  prescriber: z.string().nullable(),
  form: z.string().nullable(),
  strengthMgPerMl: z.number().nullable(),
  drawnMg: z.number().nullable(),
  inMg: z.number(),
  outMg: z.number(),
  // In the product's unit where the line is on a product's section.
  inUnits: z.number().nullable(),
  outUnits: z.number().nullable(),
  batch: z.string().nullable(),
  expiresOn: z.string().nullable(),
  route: z.string().nullable(),
  site: z.string().nullable(),
  recordedBy: z.string().nullable(),
  witnessedBy: z.string().nullable(),
  identityChecked: z.boolean().nullable(),
  detail: z.string().nullable(),
  // The running balance in the clinic register's order (see `receivedAt`); below zero is a discrepancy.
  balanceMg: z.number(),
  // When the clinic's register (central) received the entry; null while it is not yet synced, when
  // it is listed after every synced entry and its balance can still move.
  receivedAt: instant.nullable(),
  notYetSynced: z.boolean(),
  // Recorded (received by the clinic's register) later than the day after the movement.
  late: z.boolean(),
  // Reg 20: the entry a correction corrects, and the corrections made to this entry since (event ids).
  corrects: z.string().nullable(),
  correctedBy: z.array(z.string()),
});
export type RegisterLine = z.infer<typeof RegisterLine>;

/**
 * One section of the register: a product of the catalogue (drug, form, strength named at its
 * head), or a page kept under a drug name alone before the catalogue (`productId` null).
 */
export const RegisterSection = z.object({
  sectionId: z.string(),
  productId: z.string().nullable(),
  title: z.string(),
  drug: z.string(),
  counting: StockCounting.nullable(),
  balanceMg: z.number(),
  // In the product's unit; null on a page kept by drug name alone.
  balanceUnits: z.number().nullable(),
  lines: z.array(RegisterLine),
});
export type RegisterSection = z.infer<typeof RegisterSection>;

/** One event of the ledger in words: who did what, to whom, when and at which kiosk. */
export const AuditEntry = z.object({
  eventId: z.string(),
  kioskId: z.string(),
  kioskName: z.string(),
  seq: z.number(),
  at: instant,
  type: z.string(),
  words: z.string(),
  actor: z.string().nullable(),
  witness: z.string().nullable(),
  serviceUser: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

const AuditCursorView = z.object({ occurredAt: z.string(), kioskId: z.string(), seq: z.number() });

const PrescriptionSummary = z.object({
  prescriptionId: z.string(),
  drug: z.string(),
  form: z.string(),
  // Empty: a prescription from before allowed forms whose form names none the catalogue knows.
  allowedForms: z.array(ProductForm),
  strengthMgPerMl: z.number().nullable(),
  dosePerSessionMg: z.number(),
  sessionsPerDay: z.number(),
  routes: z.array(Route),
  reducedDoseRange: z.object({ minMg: z.number(), maxMg: z.number() }).nullable(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  status: z.enum(['active', 'suspended']),
  prescriber: z.string(),
});

export const Report = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('register'),
    sections: z.array(RegisterSection),
  }),
  z.object({
    kind: z.literal('todaysDoses'),
    clinicDay: z.string(),
    doses: z.array(z.object({
      at: instant, serviceUserId: z.string(), preferredName: z.string(), session: z.string(), administeredMg: z.number(),
      wastedMg: z.number(), route: z.string(),
    })),
    withheld: z.array(z.object({ at: instant, preferredName: z.string(), reason: z.string() })),
  }),
  z.object({
    kind: z.literal('missedSessions'),
    people: z.array(z.object({
      serviceUserId: z.string(), preferredName: z.string(), consecutiveMissed: z.number(), paused: z.boolean(),
      missed: z.array(z.object({ clinicDay: z.string(), session: z.string() })),
    })),
  }),
  z.object({
    kind: z.literal('stockChecks'),
    checks: z.array(z.object({
      at: instant, clinicDay: z.string(), section: z.string(), kind: z.string(), countedMg: z.number(), registerBalanceMg: z.number(),
      drawnUpMg: z.number(), discrepancyMg: z.number(), note: z.string().nullable(), checkedBy: z.string(), witnessedBy: z.string(),
    })),
    // Each product's balance, and the doses drawn up from it in open visits in every room that shares
    // the cupboard (out of it, not yet out of the register), named so a count can allow for them.
    // `room`: the other room whose visit it is, null for this room's.
    balances: z.array(z.object({
      sectionId: z.string(), productId: z.string().nullable(), title: z.string(), counting: StockCounting.nullable(), balanceMg: z.number(),
      drawnUp: z.array(z.object({
        visitId: z.string(), preferredName: z.string(), drawnMg: z.number(), preparedAt: instant, earlierSession: z.boolean(), room: z.string().nullable(),
      })),
    })),
    // Stock handed back by service users and not yet destroyed, kept apart from the products' balances.
    returned: z.array(z.object({ productId: z.string(), title: z.string(), counting: StockCounting, balanceMg: z.number() })),
    // The staff a clinic lead has authorised to witness destruction.
    destructionWitnessIds: z.array(z.string()),
    // Who may hand stock back: preferred names only.
    serviceUsers: z.array(z.object({ serviceUserId: z.string(), preferredName: z.string() })),
  }),
  z.object({
    kind: z.literal('serviceUsers'),
    people: z.array(z.object({
      serviceUserId: z.string(), preferredName: z.string(), legalName: z.string(), dateOfBirth: z.string(), photo: z.string(),
      alcoholMonitoring: z.boolean(), handoverNote: z.string().nullable(), prescriptions: z.array(PrescriptionSummary),
      paused: z.string().nullable(),
      // Paused for missed sessions now, so a prescriber may clear the block (the host's own check).
      retitrationBlocked: z.boolean(),
      // False while an active prescription has no end date: any new one would overlap it (the host refuses that).
      mayIssuePrescription: z.boolean(),
      // The latest dated notes, newest first, then the record's own note, undated.
      handoverNotes: z.array(HandoverNoteView),
    })),
  }),
  z.object({
    kind: z.literal('staff'),
    // `lockedOut`: refused at sign-in after too many wrong PINs in a row, until a clinic lead unlocks it.
    staff: z.array(z.object({
      id: z.string(), displayName: z.string(), role: StaffRole, badgeNumber: z.string(), active: z.boolean(), lockedOut: z.boolean(),
      // Authorised by a clinic lead to witness the destruction of controlled drugs.
      destructionWitness: z.boolean(),
    })),
  }),
  z.object({
    kind: z.literal('siteRules'),
    // The version in force now, and a newer one adopted but not yet approved by a second person.
    current: SiteRules,
    awaitingApproval: z.object({ rules: SiteRules, adoptedBy: z.string().nullable(), adoptedByStaffId: z.string().nullable() }).nullable(),
    history: z.array(z.object({
      version: z.number(), adoptedAt: instant, adoptedBy: z.string().nullable(), adoptedByStaffId: z.string().nullable(),
      approvedBy: z.string().nullable(), approvedAt: instant.nullable(), inForce: z.boolean(),
    })),
  }),
  z.object({
    kind: z.literal('audit'),
    // The filters as applied (null: any), and the choices a screen offers for them.
    clinicDay: z.string().nullable(),
    serviceUserId: z.string().nullable(),
    staffId: z.string().nullable(),
    people: z.array(z.object({ id: z.string(), name: z.string() })),
    staff: z.array(z.object({ id: z.string(), name: z.string() })),
    // Newest first, one page; `olderThan` continues the list, null when this page is the last.
    entries: z.array(AuditEntry),
    olderThan: AuditCursorView.nullable(),
  }),
]);
export type Report = z.infer<typeof Report>;
export type ReportOf<K extends Report['kind']> = Extract<Report, { kind: K }>;
