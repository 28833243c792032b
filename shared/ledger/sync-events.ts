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

/**
 * The id a session named only by its place in the day's windows is read with. Central migration
 * 0005 names such claims the same way ('index-' || session_index), so the two always agree.
 */
export function sessionIdOfIndex(index: number): string {
  return `index-${index}`;
}

/**
 * Settled claims recorded before sessions had an id carry `sessionIndex` (0-2). They are read,
 * never rewritten (the hash covers the stored bytes), as the session central's migration 0005
 * gave a claim it could not trace to its visit.
 */
function upcastSettledClaim(stored: unknown): unknown {
  if (typeof stored !== 'object' || stored === null) return stored;
  const event = stored as { type?: unknown; sessionId?: unknown; sessionIndex?: unknown };
  if (event.type !== 'offlineDoseClaimSettled' || event.sessionId !== undefined) return stored;
  const { sessionIndex, ...rest } = event;
  if (typeof sessionIndex !== 'number' || !Number.isInteger(sessionIndex) || sessionIndex < 0 || sessionIndex > 2) return stored;
  return { ...rest, sessionId: sessionIdOfIndex(sessionIndex) };
}

export const SyncEvent = z.preprocess(upcastSettledClaim, z.discriminatedUnion('type', [
  z.object({
    type: z.literal('offlineDoseClaimSettled'),
    doseEventId: z.uuid(),
    visitId: z.string().min(1),
    serviceUserId: z.string().min(1),
    clinicDay: ClinicDay,
    // The session as recorded on the day (see shared/visit SessionRef), never its place in the list.
    sessionId: z.string().min(1).max(40),
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
]));
export type SyncEvent = z.infer<typeof SyncEvent>;
