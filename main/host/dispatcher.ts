/**
 * The one door into the host: every message from a screen is parsed with zod, its acting staff
 * member checked (signed in here, and of a role that may send this intention), then handled.
 * A message that fails any of this, or a step that fails, changes nothing and is answered with a
 * reason the screen can show.
 */
import { z } from 'zod';
import { ToHost, type FromHost, type Intention, type IntentionOf, type Reply } from '../../shared/contract/index.js';
import { mayAct, roleWords, rolesFor, rolesForReport } from '../../shared/staff/permissions.js';
import type { HostParts, IntentionContext } from './host-parts.js';
import type { StaffMember } from './reference-data.js';
import { incidentIntentions } from './incidents.js';
import { referenceIntentions } from './reference-intentions.js';
import { staffIntentions } from './staff-intentions.js';
import { stockIntentions } from './stock-intentions.js';
import { done, refused, startOverdoseResponse, visitIntentions } from './visit-intentions.js';

const AnyRequestId = z.object({ requestId: z.string().min(1).max(64) });

const notUnderstood =
  'The kiosk could not understand that request, so nothing was recorded. Reload the screen and try again.';

const handlers = { ...visitIntentions, ...referenceIntentions, ...stockIntentions, ...incidentIntentions, ...staffIntentions };

function signIn(parts: HostParts, intention: IntentionOf<'signIn'>): Reply {
  const result = parts.staff.signIn(intention.badgeNumber, intention.pin, parts.clock.now());
  if (!result.ok) return refused(result.reason);
  parts.logger.info({ staffId: result.member.staffId }, 'staff signed in');
  return { ok: true, visitId: null, staffId: result.member.staffId, report: null };
}

function showReport(parts: HostParts, intention: IntentionOf<'showReport'>, { at, actor }: IntentionContext): Reply {
  const allowed = rolesForReport[intention.report];
  if (!allowed.includes(actor.role)) {
    return refused(`${actor.displayName}, this report is for ${allowed.map((role) => roleWords[role]).join(' or ')}.`);
  }
  return {
    ok: true, visitId: null, staffId: null,
    report: parts.reports.build(intention.report, new Date(at), intention.clinicDay, intention.audit ?? null),
  };
}

function permissionProblem(type: Intention['type'], actor: StaffMember): string | null {
  if (mayAct(actor.role, type)) return null;
  const roles = rolesFor[type] ?? [];
  return `${actor.displayName}, this step is for ${roles.map((role) => roleWords[role]).join(' or ')}: you are signed in as ${roleWords[actor.role]}.`;
}

const RulesDraftMessage = z.object({ actorId: z.string().nullable(), intention: z.object({ type: z.literal('changeSiteRules') }) });

/**
 * A rules draft that breaks one of the site rules' own checks (a review threshold above the
 * withhold one, overlapping sessions) fails the contract, but it is a clinic lead's mistake to
 * explain in the rules' own sentences, not a broken screen: answered so, once the actor and role
 * are checked as for any step. Null for any other failure.
 */
function rulesDraftProblem(parts: HostParts, message: unknown, error: z.ZodError): Reply | null {
  const draft = RulesDraftMessage.safeParse(message);
  const inRules = error.issues.every((issue) => issue.path[0] === 'intention' && issue.path[1] === 'rules');
  if (!draft.success || !inRules) return null;
  const actor = parts.staff.actor(draft.data.actorId);
  if (!actor.ok) return refused(actor.reason);
  const problem = permissionProblem('changeSiteRules', actor.member);
  if (problem) return refused(problem);
  return refused(`The site rules were not changed: ${error.issues.map((issue) => issue.message).join(' ')}`);
}

function handle(parts: HostParts, actorId: string | null, intention: Intention): Reply | Promise<Reply> {
  if (intention.type === 'signIn') return signIn(parts, intention);
  if (intention.type === 'lockScreen') {
    // Whoever, or nobody, is acting: locking only ever signs people out and hides personal data.
    parts.staff.lockScreen();
    parts.logger.info('screen locked after being idle; everyone signed out');
    return done();
  }
  const actor = parts.staff.actor(actorId);
  // An emergency never waits for a sign-in: with nobody (or nobody still) signed in, the start is unattributed.
  if (intention.type === 'startOverdoseResponse' && !actor.ok) {
    return startOverdoseResponse(parts, intention, { at: parts.clock.now().toISOString(), actor: null });
  }
  if (!actor.ok) return refused(actor.reason);
  const context: IntentionContext = { at: parts.clock.now().toISOString(), actor: actor.member };
  const problem = permissionProblem(intention.type, actor.member);
  if (problem) return refused(problem);
  switch (intention.type) {
    case 'signOut':
      // Anyone may sign themselves out; signing out someone else is for a nurse or clinic lead.
      if (intention.staffId !== actor.member.staffId && !['nurse', 'clinicLead'].includes(actor.member.role)) {
        return refused('You can sign out only yourself.');
      }
      // A stale screen (or a message no screen would send) naming someone not here is told so, not humoured.
      if (!parts.staff.isSignedIn(intention.staffId)) return refused('That person is not signed in at this kiosk.');
      parts.staff.signOut(intention.staffId);
      return done();
    case 'showReport': return showReport(parts, intention, context);
    default: {
      const handler = handlers[intention.type] as (parts: HostParts, intention: Intention, context: IntentionContext) => Reply | Promise<Reply>;
      return handler(parts, intention, context);
    }
  }
}

/** Returns the reply to send back, or null when the message had no request id to answer. */
export async function dispatch(parts: HostParts, message: unknown): Promise<Extract<FromHost, { kind: 'reply' }> | null> {
  const parsed = ToHost.safeParse(message);
  if (!parsed.success) {
    const id = AnyRequestId.safeParse(message);
    // Paths and codes only: a rejected message may carry a PIN, which must never reach a log.
    const issues = parsed.error.issues.slice(0, 5).map((issue) => ({ path: issue.path.join('.'), code: issue.code }));
    parts.logger.warn({ issues }, 'rejected a message that failed validation');
    if (!id.success) return null;
    return { kind: 'reply', requestId: id.data.requestId, reply: rulesDraftProblem(parts, message, parsed.error) ?? refused(notUnderstood) };
  }
  const { requestId, actorId, intention } = parsed.data;
  try {
    // Awaited inside the try: a step that rejects is answered exactly like one that throws.
    const reply = await handle(parts, actorId, intention);
    parts.logger.info({ intention: intention.type, actorId, ok: reply.ok }, 'intention handled');
    return { kind: 'reply', requestId, reply };
  } catch (error) {
    // A failed write rolled back its transaction: nothing was recorded, and the person must know.
    parts.logger.error({ err: error, intention: intention.type }, 'intention failed');
    return { kind: 'reply', requestId, reply: { ok: false, reason: 'The kiosk could not record that step, so nothing was saved. Try again; if it happens again, call support.' } };
  }
}
