/**
 * Staff sign-in security as ledger events: every wrong PIN for a known badge, the lockout it
 * leads to, and the unlock. Events, not memory, so a lockout survives a restart, reaches every
 * kiosk of the clinic by sync, and the audit view can say whose badge was tried and when.
 *
 * A PIN never appears here, right or wrong: only the staff member whose badge was used. A badge
 * number nobody holds is not recorded either (it may be a PIN typed into the badge field).
 */
import { z } from 'zod';

export const PinCheckedDuring = z.enum(['signIn', 'administration']);
export type PinCheckedDuring = z.infer<typeof PinCheckedDuring>;

export const StaffSecurityEvent = z.discriminatedUnion('type', [
  // The PIN typed for this staff member's badge (or to confirm a dose) was not theirs.
  z.object({
    type: z.literal('staffPinRefused'),
    staffId: z.string().min(1),
    during: PinCheckedDuring,
    wrongInARow: z.number().int().positive(),
  }),
  // Too many wrong PINs in a row: the badge is refused, even with the right PIN, until unlocked.
  z.object({ type: z.literal('staffLockedOut'), staffId: z.string().min(1), wrongInARow: z.number().int().positive() }),
  // The right PIN after wrong ones: the count starts again.
  z.object({ type: z.literal('staffWrongPinsCleared'), staffId: z.string().min(1) }),
  // By a clinic lead (the event's actor), or, for a clinic lead's own badge, by waiting (no actor).
  z.object({ type: z.literal('staffUnlocked'), staffId: z.string().min(1), how: z.enum(['byClinicLead', 'afterWaiting']) }),
]);
export type StaffSecurityEvent = z.infer<typeof StaffSecurityEvent>;
