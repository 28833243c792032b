/**
 * Staff at the screen: signing in with badge and PIN, signing out, the idle lock, and a clinic
 * lead unlocking a badge locked after too many wrong PINs (an event attributed to the lead,
 * staff/pin-lockout.ts). Signing in and locking need nobody acting; the dispatcher routes them here
 * before it looks for an actor.
 */
import type { IntentionOf, Reply } from '../../../shared/contract/index.js';
import type { Handler, HandlerTable } from '../handler.js';
import type { HostParts } from '../host-parts.js';
import { done, refused, refusedFor } from '../replies.js';

type StaffParts = Pick<HostParts, 'staff' | 'clock' | 'logger'>;

export function signIn(parts: StaffParts, intention: IntentionOf<'signIn'>): Reply {
  const result = parts.staff.signIn(intention.badgeNumber, intention.pin, parts.clock.now());
  if (!result.ok) return refusedFor([result.refusal]);
  parts.logger.info({ staffId: result.member.staffId }, 'staff signed in');
  return { ok: true, visitId: null, staffId: result.member.staffId, report: null };
}

/** Whoever, or nobody, is acting: locking only ever signs people out and hides personal data. */
export function lockScreen(parts: Pick<HostParts, 'staff' | 'logger'>): Reply {
  parts.staff.lockScreen();
  parts.logger.info('screen locked after being idle; everyone signed out');
  return done();
}

const signOut: Handler<'signOut', Pick<HostParts, 'staff'>> = (parts, { staffId }, { actor }) => {
  // Anyone may sign themselves out; signing out someone else is for a nurse or clinic lead.
  if (staffId !== actor.staffId && !['nurse', 'clinicLead'].includes(actor.role)) {
    return refused('signOutOthersNotAllowed', 'You can sign out only yourself.');
  }
  // A stale screen (or a message no screen would send) naming someone not here is told so, not humoured.
  if (!parts.staff.isSignedIn(staffId)) return refused('notSignedInHere', 'That person is not signed in at this kiosk.');
  parts.staff.signOut(staffId);
  return done();
};

const unlockStaff: Handler<'unlockStaff', Pick<HostParts, 'staff' | 'reference' | 'logger'>> = (parts, { staffId }, { actor }) => {
  const member = parts.reference.staffMember(staffId);
  if (!member) return refused('notEnrolled', 'That staff member is not enrolled here.');
  if (!parts.staff.isLockedOut(staffId)) return refused('badgeNotLocked', `${member.displayName}'s badge is not locked.`);
  parts.staff.unlock(staffId, actor);
  parts.logger.info({ staffId, by: actor.staffId }, 'badge unlocked by a clinic lead');
  return done();
};

export const staffIntentions: HandlerTable<'signOut' | 'unlockStaff'> = { signOut, unlockStaff };
