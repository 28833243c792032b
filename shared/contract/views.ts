/**
 * Host -> renderer: everything the screen shows, already decided. The renderer draws these and
 * holds no clinical rule: whether a button is enabled, what is due, what is overdue, why a step
 * is refused all arrive here.
 */
import { z } from 'zod';
import { SedationLevel } from '../site-rules/site-rules.js';
import { BreathErrorCode, EndReason, Route, SubstanceUsed } from '../visit/visit-events.js';
import { visitStages, visitStateNames } from '../visit/visit-states.js';
import { RequestId } from './intentions.js';

const instant = z.string();

export const PersonCard = z.object({
  id: z.string(),
  preferredName: z.string(),
  initial: z.string().max(2),
  // A data: URL; the room board shows it so staff know the person without asking.
  photo: z.string(),
});
export type PersonCard = z.infer<typeof PersonCard>;

export const StaffCard = z.object({ id: z.string(), displayName: z.string(), role: z.enum(['nurse', 'hca', 'prescriber', 'clinicLead']) });
export type StaffCard = z.infer<typeof StaffCard>;

export const VisitStage = z.enum(visitStages);

export const VisitStep = z.enum(visitStateNames);
export type VisitStep = z.infer<typeof VisitStep>;

export const VisitView = z.object({
  visitId: z.string(),
  person: PersonCard,
  stage: VisitStage,
  step: VisitStep,
  startedAt: instant,
  stageSince: instant,
  dueNext: z.string(),
  overdue: z.boolean(),
  // Full name and date of birth only while identity is being checked (DESIGN.md section 7).
  identity: z.object({ legalName: z.string(), dateOfBirth: z.string(), handoverNote: z.string().nullable() }).nullable(),
  prescription: z.object({
    drug: z.string(),
    form: z.string(),
    strengthMgPerMl: z.number().nullable(),
    dosePerSessionMg: z.number(),
    routes: z.array(Route),
  }),
  preDoseCheck: z.object({
    sedationLevels: z.array(z.object({ level: SedationLevel, words: z.string(), mayProceed: z.boolean() })),
    substances: z.array(SubstanceUsed),
    breathTestRequired: z.boolean(),
  }),
  breath: z.object({
    required: z.boolean(),
    inProgress: z.boolean(),
    attempts: z.number(),
    lastError: z.object({ code: BreathErrorCode, message: z.string() }).nullable(),
    reading: z.object({ microgramsPer100mlBreath: z.number(), rawText: z.string(), simulated: z.boolean() }).nullable(),
    outcome: z.enum(['clear', 'review', 'withhold']).nullable(),
    reviewAtOrAbove: z.number(),
    withholdAtOrAbove: z.number(),
  }),
  injection: z.object({
    drawnMg: z.number().nullable(),
    administeredMg: z.number().nullable(),
    route: Route.nullable(),
    site: z.string().nullable(),
    surplusMg: z.number(),
    wastedMg: z.number().nullable(),
    sites: z.record(z.string(), z.array(z.string())),
  }),
  observation: z.object({
    administeredAt: instant.nullable(),
    earliestDischargeAt: instant.nullable(),
    records: z.array(z.object({ at: instant, sedation: SedationLevel, respiratoryRate: z.number(), oxygenSaturation: z.number().nullable() })),
    dischargeProblems: z.array(z.string()),
  }),
  // For witnessed steps: who the step will be recorded as, or why it cannot be yet.
  recordedBy: z.string().nullable(),
  outcome: z.object({ kind: z.enum(['discharged', 'doseWithheld', 'ended']), at: instant, words: z.string() }).nullable(),
  endReasons: z.array(EndReason),
});
export type VisitView = z.infer<typeof VisitView>;

export const DeviceView = z.object({
  status: z.enum(['notConfigured', 'unavailable', 'opening', 'ready', 'awaitingResult', 'lost']),
  words: z.string(),
  simulated: z.boolean(),
  busyWithVisitId: z.string().nullable(),
});
export type DeviceView = z.infer<typeof DeviceView>;

export const RoomView = z.object({
  kiosk: z.object({ kioskId: z.string(), clinicName: z.string(), timeZone: z.string() }),
  now: instant,
  // Problems staff must know about now, such as a visit that could not be restored.
  alerts: z.array(z.string()),
  rulesNotApproved: z.boolean(),
  staffOnDuty: z.array(StaffCard),
  roster: z.array(StaffCard),
  device: DeviceView,
  // People who may be checked in now: active prescription and no open visit.
  waiting: z.array(PersonCard),
  visits: z.array(VisitView),
});
export type RoomView = z.infer<typeof RoomView>;

export const Reply = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), visitId: z.string().nullable() }),
  z.object({ ok: z.literal(false), reason: z.string() }),
]);
export type Reply = z.infer<typeof Reply>;

export const FromHost = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('room'), room: RoomView }),
  z.object({ kind: z.literal('reply'), requestId: RequestId, reply: Reply }),
]);
export type FromHost = z.infer<typeof FromHost>;
