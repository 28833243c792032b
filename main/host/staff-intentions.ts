/**
 * Staff sessions a clinic lead manages: unlocking a badge locked after too many wrong PINs. The
 * unlock is a ledger event attributed to the lead (main/host/pin-lockout.ts).
 */
import type { HandlerTable } from './host-parts.js';
import { done, refused } from './visit-intentions.js';

export const staffIntentions: HandlerTable<'unlockStaff'> = {
  unlockStaff(parts, { staffId }, { actor }) {
    const member = parts.reference.staffMember(staffId);
    if (!member) return refused('That staff member is not enrolled here.');
    if (!parts.staff.isLockedOut(staffId)) return refused(`${member.displayName}'s badge is not locked.`);
    parts.staff.unlock(staffId, actor);
    parts.logger.info({ staffId, by: actor.staffId }, 'badge unlocked by a clinic lead');
    return done();
  },
};
