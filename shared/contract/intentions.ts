/**
 * Renderer -> host: what a person at the screen wants to happen. Intentions carry no clinical
 * judgement and no time: the host stamps the time, finds who is acting, applies the rules and
 * answers every request with a reply.
 */
import { z } from 'zod';
import { SedationLevel } from '../site-rules/site-rules.js';
import { EndReason, Route, SubstanceUsed } from '../visit/visit-events.js';

const id = z.string().min(1).max(64);
const visitId = z.uuid();
const reason = z.string().trim().max(500).nullable();
const milligrams = z.number().positive().max(10_000);

export const Intention = z.discriminatedUnion('type', [
  z.object({ type: z.literal('signIn'), staffId: id }),
  z.object({ type: z.literal('signOut'), staffId: id }),
  z.object({ type: z.literal('startVisit'), serviceUserId: id }),
  z.object({ type: z.literal('confirmIdentity'), visitId }),
  z.object({
    type: z.literal('recordPreDoseCheck'),
    visitId,
    sedation: SedationLevel,
    intoxicationSigns: z.boolean(),
    selfReportedUse: z.array(SubstanceUsed).max(10),
    breathTestRequested: z.boolean(),
    decision: z.enum(['proceed', 'withhold']),
    reason,
  }),
  z.object({ type: z.literal('startBreathTest'), visitId }),
  z.object({ type: z.literal('decideBreathReview'), visitId, decision: z.enum(['proceed', 'withhold']), reason }),
  z.object({ type: z.literal('recordPreparation'), visitId, drawnMg: milligrams }),
  z.object({ type: z.literal('recordAdministration'), visitId, administeredMg: milligrams, route: Route, site: z.string().min(1).max(60) }),
  z.object({ type: z.literal('recordWaste'), visitId, wastedMg: milligrams }),
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
]);
export type Intention = z.infer<typeof Intention>;
export type IntentionType = Intention['type'];
export type IntentionOf<T extends IntentionType> = Extract<Intention, { type: T }>;

export const RequestId = z.string().min(1).max(64);

export const ToHost = z.object({ requestId: RequestId, intention: Intention });
export type ToHost = z.infer<typeof ToHost>;
