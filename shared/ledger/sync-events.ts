/**
 * Events of the clinic's shared record that come from syncing kiosks with the central store.
 *
 * A dose given while its kiosk could not reach central is claimed when the kiosk reconnects.
 * The answer is an event, so it is part of the record and reaches every kiosk by sync: when
 * another kiosk had already claimed the same person and session, both kiosks show the incident
 * until a nurse or clinic lead acknowledges it. A double dose is never merged away.
 */
import { z } from 'zod';

const Instant = z.iso.datetime({ offset: true });
const ClinicDay = z.iso.date();

/** The claim that was already in the central store. */
export const OtherDoseClaim = z.object({
  kioskId: z.string().min(1),
  kioskName: z.string().min(1).max(80),
  eventId: z.uuid(),
  claimedAt: Instant,
  actorStaffId: z.string().min(1),
  witnessStaffId: z.string().min(1).nullable(),
  claimedOffline: z.boolean(),
});
export type OtherDoseClaim = z.infer<typeof OtherDoseClaim>;

export const SyncEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('offlineDoseClaimSettled'),
    doseEventId: z.uuid(),
    visitId: z.string().min(1),
    serviceUserId: z.string().min(1),
    clinicDay: ClinicDay,
    sessionIndex: z.number().int().min(0).max(2),
    // 'claimed': nobody else had dosed this person this session; 'alreadyClaimed': a double dose.
    outcome: z.enum(['claimed', 'alreadyClaimed']),
    otherClaim: OtherDoseClaim.nullable(),
  }).refine((event) => (event.outcome === 'alreadyClaimed') === (event.otherClaim !== null), {
    message: 'A settled claim names the other claim exactly when it found one.',
  }),
  z.object({
    type: z.literal('incidentAcknowledged'),
    // The event that raised the incident.
    incidentEventId: z.uuid(),
    note: z.string().trim().min(1).max(500),
  }),
]);
export type SyncEvent = z.infer<typeof SyncEvent>;
