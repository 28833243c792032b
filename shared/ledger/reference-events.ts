/**
 * Reference data as ledger events: the clinic, its staff, its service users, their prescriptions
 * and the site rules. Recording these as events (not table edits) is what lets every kiosk learn
 * them through sync and lets an auditor see who changed what.
 */
import { z } from 'zod';
import { SiteRules } from '../site-rules/site-rules.js';
import { Route } from '../visit/visit-events.js';

export const StaffRole = z.enum(['nurse', 'hca', 'prescriber', 'clinicLead']);
export type StaffRole = z.infer<typeof StaffRole>;

const isoDate = z.iso.date();

export const ReferenceEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('clinicRegistered'),
    clinicId: z.string().min(1),
    name: z.string().min(1).max(120),
    // IANA zone: clinic days and session windows are counted in it, across clock changes.
    timeZone: z.string().min(1),
  }),
  z.object({
    type: z.literal('staffEnrolled'),
    staffId: z.string().min(1),
    displayName: z.string().min(1).max(80),
    role: StaffRole,
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
  z.object({
    type: z.literal('prescriptionIssued'),
    prescriptionId: z.string().min(1),
    serviceUserId: z.string().min(1),
    drug: z.string().min(1),
    form: z.string().min(1),
    strengthMgPerMl: z.number().positive().nullable(),
    dosePerSessionMg: z.number().positive(),
    sessionsPerDay: z.number().int().min(1).max(3),
    routes: z.array(Route).min(1),
    startsOn: isoDate,
    endsOn: isoDate.nullable(),
    prescriberId: z.string().min(1),
  }),
  z.object({ type: z.literal('siteRulesAdopted'), rules: SiteRules }),
]);
export type ReferenceEvent = z.infer<typeof ReferenceEvent>;
export type ReferenceEventOf<T extends ReferenceEvent['type']> = Extract<ReferenceEvent, { type: T }>;
