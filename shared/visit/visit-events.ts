/**
 * The visit's vocabulary: every step a visit can take, as zod schemas.
 *
 * One name per step, used three times over: the visit machine's event type, the ledger event's
 * type and the payload stored with it. A visit is rebuilt by replaying these in ledger order.
 */
import { z } from 'zod';
import { BreathReading } from '../breath/units.js';
import { ProductForm } from '../register/products.js';
import { SedationLevel, SiteRules, legacyWindowId } from '../site-rules/site-rules.js';

export const Instant = z.iso.datetime({ offset: true });

export const Route = z.enum(['IV', 'IM', 'SC']);
export type Route = z.infer<typeof Route>;

export const injectionSites = {
  IV: ['left arm', 'right arm', 'left hand', 'right hand'],
  IM: ['left thigh', 'right thigh', 'left buttock', 'right buttock', 'left deltoid', 'right deltoid'],
  SC: ['abdomen', 'left upper arm', 'right upper arm'],
} as const satisfies Record<Route, readonly string[]>;

export const DoseRange = z.object({ minMg: z.number().positive(), maxMg: z.number().positive() })
  .refine((range) => range.minMg <= range.maxMg, { message: 'The lowest reduced dose must not be above the highest.' });
export type DoseRange = z.infer<typeof DoseRange>;

export const PrescriptionSnapshot = z.object({
  prescriptionId: z.string().min(1),
  drug: z.string().min(1),
  form: z.string().min(1),
  // The catalogue forms allowed (none: an old prescription whose free-text form names none).
  // Absent only on snapshots kept before allowed forms: those are judged by the drug alone.
  allowedForms: z.array(ProductForm).optional(),
  strengthMgPerMl: z.number().positive().nullable(),
  dosePerSessionMg: z.number().positive(),
  sessionsPerDay: z.number().int().min(1).max(3),
  routes: z.array(Route).min(1),
  // The range a nurse may reduce to (with a reason); null: no reduced dose is prescribed.
  reducedDoseRange: DoseRange.nullable(),
  prescriberId: z.string().min(1),
});
export type PrescriptionSnapshot = z.infer<typeof PrescriptionSnapshot>;

export const SubstanceUsed = z.enum(['alcohol', 'benzodiazepines', 'gabapentinoids', 'street tablets', 'stimulants', 'opioids']);
export type SubstanceUsed = z.infer<typeof SubstanceUsed>;

export const BreathErrorCode = z.enum([
  'NO_SAMPLE', 'BLOW_INTERRUPTED', 'TIMEOUT', 'SUCK_BACK', 'BLANK_FAILED',
  'LOW_BATTERY', 'CALIBRATION_DUE', 'SENSOR_FAULT', 'TEMPERATURE', 'NO_DEVICE', 'DEVICE_LOST', 'CANCELLED',
]);
export type BreathErrorCode = z.infer<typeof BreathErrorCode>;

// 'left against advice': the person left while observation after an overdose response was still
// needed; staff see it at their next check-in.
export const EndReason = z.enum([
  'left before dose', 'left during observation', 'declined dose', 'transferred to hospital', 'left against advice', 'other',
]);
export type EndReason = z.infer<typeof EndReason>;

// Ontario's naloxone-administration dataset: route, dose, time, who gave it; oxygen; rescue
// breathing; emergency services; outcome.
export const NaloxoneRoute = z.enum(['IN', 'IM', 'IV']);
export type NaloxoneRoute = z.infer<typeof NaloxoneRoute>;
export const OverdoseOutcome = z.enum(['recovered and observed', 'transferred to hospital', 'other']);
export type OverdoseOutcome = z.infer<typeof OverdoseOutcome>;

export const PreDoseDecision = z.enum(['proceed', 'reduce', 'withhold']);
export type PreDoseDecision = z.infer<typeof PreDoseDecision>;

const reason = z.string().trim().max(500).nullable();

/**
 * The two people for preparation, administration and waste: one prepares and supervises (the
 * nurse), one checks and witnesses, and they stay the same for the whole procedure (Royal Marsden
 * manual, NMC; docs/clinical-protocol.md).
 */
export const TwoPeople = z.object({ nurseId: z.string().min(1), witnessId: z.string().min(1) })
  .refine((pair) => pair.nurseId !== pair.witnessId, { message: 'The witness must be a second person.' });
export type TwoPeople = z.infer<typeof TwoPeople>;

const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

/** The session a visit was checked in for: its stable id and its window as it stood that day. */
export const SessionRef = z.object({ id: z.string().min(1), name: z.string(), opensAt: LocalTime, closesAt: LocalTime });
export type SessionRef = z.infer<typeof SessionRef>;

/**
 * Visits recorded before sessions had an id named theirs by its place in the day's windows. They
 * are read, never rewritten, as the session that place held in the rules the visit carried.
 */
function upcastVisitStarted(stored: unknown): unknown {
  if (typeof stored !== 'object' || stored === null) return stored;
  const event = stored as { session?: { index?: unknown; name?: unknown; id?: unknown }; rules?: { sessions?: { windows?: unknown } } };
  const session = event.session;
  if (!session || session.id !== undefined || typeof session.index !== 'number' || typeof session.name !== 'string') return stored;
  const windows = Array.isArray(event.rules?.sessions?.windows) ? event.rules.sessions.windows as Array<{ opensAt?: unknown; closesAt?: unknown }> : [];
  const window = windows[session.index];
  return {
    ...event,
    session: {
      id: legacyWindowId(session.name), name: session.name,
      opensAt: typeof window?.opensAt === 'string' ? window.opensAt : '00:00',
      closesAt: typeof window?.closesAt === 'string' ? window.closesAt : '23:59',
    },
  };
}

export const visitStarted = z.preprocess(upcastVisitStarted, z.object({
  type: z.literal('visitStarted'),
  at: Instant,
  visitId: z.uuid(),
  serviceUserId: z.string().min(1),
  // Worked out by the host at check-in from the alcohol-monitoring flag and the site rule.
  breathTestRequired: z.boolean(),
  clinicDay: z.iso.date(),
  session: SessionRef,
  // Already administered to this person on this clinic day: the daily maximum counts it.
  givenTodayMg: z.number().nonnegative(),
  prescription: PrescriptionSnapshot,
  rules: SiteRules,
}));

/**
 * What the host judged a dose step against at the moment it was taken: the rules and the
 * prescription in force then, and what other visits had given on the visit's clinic day. Carried
 * by the step so the ledger says what the dose was allowed by, and a replay decides the same.
 */
export const DoseTerms = z.object({
  rules: SiteRules,
  prescription: PrescriptionSnapshot,
  givenTodayMg: z.number().nonnegative(),
});
export type DoseTerms = z.infer<typeof DoseTerms>;

const Findings = {
  sedation: SedationLevel,
  intoxicationSigns: z.boolean(),
  selfReportedUse: z.array(SubstanceUsed),
};

export const VisitEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('identityConfirmed'), at: Instant }),
  z.object({
    type: z.literal('preDoseCheckRecorded'),
    at: Instant,
    ...Findings,
    breathTestRequested: z.boolean(),
    decision: PreDoseDecision,
    reducedDoseMg: z.number().positive().max(10_000).nullable(),
    // Sedation at a level where a reduced dose needs the prescriber: who was contacted, and how.
    prescriberContact: reason,
    reason,
  }),
  // A pre-dose check the rules refused still found something: kept, and shown at the next check.
  z.object({ type: z.literal('preDoseFindingsRecorded'), at: Instant, ...Findings }),
  z.object({ type: z.literal('breathTestStarted'), at: Instant }),
  z.object({ type: z.literal('breathTestFailed'), at: Instant, code: BreathErrorCode, message: z.string().max(300) }),
  z.object({ type: z.literal('breathResultRecorded'), at: Instant, reading: BreathReading }),
  // The device is broken: a reading taken another way (a handheld device), entered by hand with a
  // reason, by one person and witnessed by a second. It feeds the same review and withhold rule.
  z.object({
    type: z.literal('manualBreathReadingRecorded'),
    at: Instant,
    reading: BreathReading,
    reason: z.string().trim().min(1).max(500),
    staff: TwoPeople,
    // Why the device's own reading could not be had; absent on readings recorded before this was kept.
    deviceState: z.enum(['absent', 'broken', 'failedThisTest']).optional(),
  }),
  z.object({ type: z.literal('breathReviewDecided'), at: Instant, decision: z.enum(['proceed', 'withhold']), reason }),
  z.object({
    type: z.literal('dosePrepared'),
    at: Instant,
    drug: z.string().min(1),
    form: z.string().min(1),
    strengthMgPerMl: z.number().positive().nullable(),
    drawnMg: z.number().positive().max(10_000),
    staff: TwoPeople,
    terms: DoseTerms.optional(),
    // The product drawn from, picked by the nurse: its register section takes the administration
    // and any waste. Absent on preparations recorded before the product catalogue.
    productId: z.string().min(1).optional(),
    // The product's drug and form as the catalogue names them, so the rule that the prescription in
    // force allows them holds when the visit is replayed. Absent on preparations from before.
    product: z.object({ drug: z.string().min(1), form: ProductForm }).optional(),
    // Drawn from ampoules, a dose opens whole ones: what is left in them is destroyed there and
    // then, witnessed by the same two people, and leaves the register with the preparation.
    ampouleRemainderMg: z.number().nonnegative().max(10_000).optional(),
  }),
  z.object({
    type: z.literal('doseAdministered'),
    at: Instant,
    administeredMg: z.number().positive().max(10_000),
    route: Route,
    site: z.string().min(1).max(60),
    staff: TwoPeople,
    // The double-dose guard (docs/design.md section 5): 'claimed' when the central store accepted this
    // dose as the person's one for the session before it was recorded; 'offline' when central could
    // not be reached and the claim waits for reconnection. Absent on a kiosk that works alone.
    centralClaim: z.enum(['claimed', 'offline']).optional(),
    terms: DoseTerms.optional(),
  }),
  z.object({ type: z.literal('surplusWasted'), at: Instant, wastedMg: z.number().positive().max(10_000), staff: TwoPeople }),
  // A nurse may always withhold (docs/clinical-protocol.md): from any step before the dose is given.
  z.object({ type: z.literal('doseWithheld'), at: Instant, reason: z.string().trim().min(1).max(500) }),
  z.object({
    type: z.literal('observationRecorded'),
    at: Instant,
    sedation: SedationLevel,
    respiratoryRate: z.number().int().min(0).max(80),
    // The whole range: a very low reading is exactly what an overdose looks like.
    oxygenSaturation: z.number().int().min(0).max(100).nullable(),
  }),
  z.object({ type: z.literal('visitDischarged'), at: Instant }),
  // The overdose response: accepted at every open step, never refused for lack of anything.
  z.object({ type: z.literal('overdoseResponseStarted'), at: Instant, noticedAt: Instant }),
  z.object({
    type: z.literal('naloxoneGiven'), at: Instant, givenAt: Instant, doseMg: z.number().positive().max(20),
    route: NaloxoneRoute, givenBy: z.string().min(1),
  }),
  z.object({ type: z.literal('oxygenGiven'), at: Instant }),
  z.object({ type: z.literal('rescueBreathingGiven'), at: Instant }),
  z.object({ type: z.literal('emergencyServicesCalled'), at: Instant, calledAt: Instant }),
  z.object({ type: z.literal('overdoseOutcomeRecorded'), at: Instant, outcome: OverdoseOutcome, note: reason }),
  // Naloxone wears off before diamorphine: no dose after it unless a prescriber decides so, with a reason.
  z.object({
    type: z.literal('prescriberDecidedAfterNaloxone'), at: Instant, prescriberId: z.string().min(1),
    reason: z.string().trim().min(1).max(500),
  }),
  z.object({ type: z.literal('visitEnded'), at: Instant, reason: EndReason, note: reason }),
]);

export type VisitStarted = z.infer<typeof visitStarted>;
export type VisitEvent = z.infer<typeof VisitEvent>;
export type VisitEventType = VisitEvent['type'];
export type VisitEventOf<T extends VisitEventType> = Extract<VisitEvent, { type: T }>;
