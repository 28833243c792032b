/**
 * What a visit knows, as a zod schema: the machine's context is stored with each step, and a
 * stored snapshot is read back through this schema, so a damaged or foreign snapshot is caught
 * (and the visit replayed from the ledger) instead of being trusted.
 */
import { z } from 'zod';
import { BreathReading } from '../breath/units.js';
import { SedationLevel, SiteRules } from '../site-rules/site-rules.js';
import {
  BreathErrorCode, EndReason, Instant, NaloxoneRoute, OverdoseOutcome, PreDoseDecision, PrescriptionSnapshot, Route, SessionRef,
  SubstanceUsed, TwoPeople,
} from './visit-events.js';

export type BreathOutcome = 'clear' | 'review' | 'withhold';

export const Observation = z.object({
  at: Instant,
  sedation: SedationLevel,
  respiratoryRate: z.number(),
  oxygenSaturation: z.number().nullable(),
});
export type Observation = z.infer<typeof Observation>;

export const VisitOutcome = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('discharged'), at: Instant }),
  z.object({ kind: z.literal('doseWithheld'), at: Instant, reason: z.string() }),
  z.object({ kind: z.literal('ended'), at: Instant, reason: EndReason, note: z.string().nullable() }),
]);
export type VisitOutcome = z.infer<typeof VisitOutcome>;

export const OverdoseResponse = z.object({
  startedAt: Instant,
  noticedAt: Instant,
  naloxone: z.array(z.object({ givenAt: Instant, doseMg: z.number(), route: NaloxoneRoute, givenBy: z.string() })),
  oxygenAt: Instant.nullable(),
  rescueBreathingAt: Instant.nullable(),
  emergencyServicesCalledAt: Instant.nullable(),
  outcome: z.object({ at: Instant, outcome: OverdoseOutcome, note: z.string().nullable() }).nullable(),
});
export type OverdoseResponse = z.infer<typeof OverdoseResponse>;

export const VisitContext = z.object({
  visitId: z.string(),
  serviceUserId: z.string(),
  startedAt: Instant,
  stageSince: Instant,
  clinicDay: z.string(),
  session: SessionRef,
  // Given by other visits on the clinic day, the prescription and the rules: as at check-in, then
  // as the host found them in force when the dose was prepared and given (the steps carry them).
  givenTodayMg: z.number(),
  prescription: PrescriptionSnapshot,
  rules: SiteRules,
  identityConfirmedAt: Instant.nullable(),
  preDoseCheck: z.object({
    at: Instant,
    sedation: SedationLevel,
    intoxicationSigns: z.boolean(),
    selfReportedUse: z.array(SubstanceUsed),
    decision: PreDoseDecision,
    prescriberContact: z.string().nullable(),
    reason: z.string().nullable(),
    reducedDoseMg: z.number().nullable(),
  }).nullable(),
  // What refused pre-dose checks found: kept, and answered at the next check.
  findings: z.array(z.object({ at: Instant, sedation: SedationLevel, intoxicationSigns: z.boolean(), selfReportedUse: z.array(SubstanceUsed) })),
  // A prescriber's decision that diamorphine may be given after naloxone, with its reason.
  naloxoneDecisions: z.array(z.object({ at: Instant, prescriberId: z.string(), reason: z.string() })),
  // The most that may be drawn up: the prescribed dose, or the reduced dose the nurse decided on.
  doseTargetMg: z.number(),
  breath: z.object({
    required: z.boolean(),
    requestedAt: Instant.nullable(),
    attempts: z.number().int().nonnegative(),
    lastError: z.object({ code: BreathErrorCode, message: z.string() }).nullable(),
    reading: BreathReading.nullable(),
    outcome: z.enum(['clear', 'review', 'withhold']).nullable(),
    reviewReason: z.string().nullable(),
  }),
  preparation: z.object({
    at: Instant, drug: z.string(), form: z.string(), strengthMgPerMl: z.number().nullable(), drawnMg: z.number(),
    // The pair who prepared: the same two record and witness administration and waste.
    staff: TwoPeople,
    // The product drawn from (absent before the product catalogue): its register section.
    productId: z.string().optional(),
  }).nullable(),
  administration: z.object({ at: Instant, administeredMg: z.number(), route: Route, site: z.string() }).nullable(),
  waste: z.object({ at: Instant, wastedMg: z.number() }).nullable(),
  observations: z.array(Observation),
  // Every overdose response in this visit, the open one (no outcome yet) last.
  overdoseResponses: z.array(OverdoseResponse),
  outcome: VisitOutcome.nullable(),
});
export type VisitContext = z.infer<typeof VisitContext>;
