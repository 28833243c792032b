/**
 * What a visit knows, as a zod schema: the machine's context is stored with each step, and a
 * stored snapshot is read back through this schema, so a damaged or foreign snapshot is caught
 * (and the visit replayed from the ledger) instead of being trusted.
 */
import { z } from 'zod';
import { BreathReading } from '../breath/units.js';
import { SedationLevel, SiteRules } from '../site-rules/site-rules.js';
import { BreathErrorCode, EndReason, Instant, PrescriptionSnapshot, Route, SubstanceUsed, TwoPeople } from './visit-events.js';

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

export const VisitContext = z.object({
  visitId: z.string(),
  serviceUserId: z.string(),
  startedAt: Instant,
  stageSince: Instant,
  prescription: PrescriptionSnapshot,
  // The rules in force when the visit started: a rule change mid-visit must not move its goalposts.
  rules: SiteRules,
  identityConfirmedAt: Instant.nullable(),
  preDoseCheck: z.object({
    at: Instant,
    sedation: SedationLevel,
    intoxicationSigns: z.boolean(),
    selfReportedUse: z.array(SubstanceUsed),
    reason: z.string().nullable(),
  }).nullable(),
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
  }).nullable(),
  administration: z.object({ at: Instant, administeredMg: z.number(), route: Route, site: z.string() }).nullable(),
  waste: z.object({ at: Instant, wastedMg: z.number() }).nullable(),
  observations: z.array(Observation),
  outcome: VisitOutcome.nullable(),
});
export type VisitContext = z.infer<typeof VisitContext>;
