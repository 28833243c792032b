/**
 * The one door into the host: every message from a screen is parsed with zod, its acting staff
 * member checked (signed in here, and of a role that may send this intention), then handed to the
 * handler for its intention. A message that fails any of this, or a step that fails, changes
 * nothing and is answered with a code and a reason the screen can show.
 */
import { z } from 'zod';
import { RequestOutcomesQuery, ToHost, type FromHost, type Intention, type Reply, type RequestOutcomes } from '../../shared/contract/index.js';
import { mayAct, roleWords, rolesFor } from '../../shared/staff/permissions.js';
import type { HandlerTable, IntentionContext } from './handler.js';
import { ledgerBehindWords } from '../sync/kiosk-sync.js';
import type { HostParts } from './host-parts.js';
import { breathTestIntentions } from './intentions/breath-test.js';
import { checkInIntentions } from './intentions/check-in.js';
import { recordAdministration } from './intentions/dose-administration.js';
import { doseIntentions } from './intentions/dose.js';
import { incidentIntentions } from './intentions/incidents.js';
import { overdoseResponseIntentions, startOverdoseResponse } from './intentions/overdose-response.js';
import { referenceIntentions } from './intentions/reference-records.js';
import { saveRegisterPrintout } from './intentions/register-printout.js';
import { showReport } from './intentions/reports.js';
import { lockScreen, signIn, staffIntentions } from './intentions/staff.js';
import { stockDestructionIntentions } from './intentions/stock-destruction.js';
import { stockIntentions } from './intentions/stock.js';
import { visitStepIntentions } from './intentions/visit-steps.js';
import type { StaffMember } from './records/reference-data.js';
import { notRecorded, notUnderstood, refused, refusedFor, type Refused } from './replies.js';

const AnyRequestId = z.object({ requestId: z.string().min(1).max(64) });

type ActedIntention = Exclude<Intention['type'], 'signIn' | 'lockScreen'>;

// Every intention someone acts on has exactly one handler: a new intention does not compile until it has one.
const handlers: HandlerTable<ActedIntention> = {
  ...checkInIntentions, ...visitStepIntentions, ...breathTestIntentions, ...doseIntentions, recordAdministration,
  ...overdoseResponseIntentions, ...referenceIntentions, ...stockIntentions, ...stockDestructionIntentions, ...incidentIntentions, ...staffIntentions, showReport,
  saveRegisterPrintout,
};

function permissionProblem(type: Intention['type'], actor: StaffMember): Refused | null {
  if (mayAct(actor.role, type)) return null;
  const roles = rolesFor[type] ?? [];
  return refused('roleNotAllowed',
    `${actor.displayName}, this step is for ${roles.map((role) => roleWords[role]).join(' or ')}: you are signed in as ${roleWords[actor.role]}.`);
}

const RulesDraftMessage = z.object({ actorId: z.string().nullable(), intention: z.object({ type: z.literal('changeSiteRules') }) });

/**
 * A rules draft that breaks one of the site rules' own checks (a review threshold above the
 * withhold one, overlapping sessions) fails the contract, but it is a clinic lead's mistake to
 * explain in the rules' own sentences, not a broken screen: answered so, once the actor and role
 * are checked as for any step. Null for any other failure.
 */
function rulesDraftProblem(parts: HostParts, message: unknown, error: z.ZodError): Refused | null {
  const draft = RulesDraftMessage.safeParse(message);
  const inRules = error.issues.every((issue) => issue.path[0] === 'intention' && issue.path[1] === 'rules');
  if (!draft.success || !inRules) return null;
  const actor = parts.staff.actor(draft.data.actorId);
  if (!actor.ok) return refusedFor([actor.refusal]);
  return permissionProblem('changeSiteRules', actor.member)
    ?? refused('siteRulesRefused', `The site rules were not changed: ${error.issues.map((issue) => issue.message).join(' ')}`);
}

// What a kiosk whose ledger is behind central still does: an overdose response is always recorded
// and shown (a life before the record), and reading what it holds (on screen or on paper) writes nothing to it.
const stillTakenWhenLedgerBehind = new Set<Intention['type']>([
  ...Object.keys(overdoseResponseIntentions) as Array<Intention['type']>, 'showReport', 'saveRegisterPrintout',
]);

function ledgerBehindProblem(parts: HostParts, type: Intention['type']): Refused | null {
  const behind = parts.sync.ledgerBehind();
  if (!behind || stillTakenWhenLedgerBehind.has(type)) return null;
  return refused('ledgerBehindCentral', ledgerBehindWords(behind));
}

function handle(parts: HostParts, actorId: string | null, intention: Intention): Reply | Promise<Reply> {
  if (intention.type === 'signIn') return signIn(parts, intention);
  if (intention.type === 'lockScreen') return lockScreen(parts);
  const behind = ledgerBehindProblem(parts, intention.type);
  if (behind) return behind;
  const at = parts.clock.now().toISOString();
  const actor = parts.staff.actor(actorId);
  // An emergency never waits for a sign-in: with nobody (or nobody still) signed in, the start is unattributed.
  if (intention.type === 'startOverdoseResponse' && !actor.ok) return startOverdoseResponse(parts, intention, { at, actor: null });
  if (!actor.ok) return refusedFor([actor.refusal]);
  const problem = permissionProblem(intention.type, actor.member);
  if (problem) return problem;
  const context: IntentionContext = { at, actor: actor.member };
  const handler = handlers[intention.type] as (parts: HostParts, intention: Intention, context: IntentionContext) => Reply | Promise<Reply>;
  return handler(parts, intention, context);
}

/**
 * Every other intention is a step taken once per request id (requests/steps-taken-once.ts), looked
 * up before the actor is: after a restart nobody is signed in, yet a step recorded before the crash
 * is answered as recorded. Signing in and locking are the screen's session, held in memory and gone
 * with a restart, so there is nothing a retry could find: they simply run again.
 */
function takeOnce(parts: HostParts, { requestId, actorId, intention }: ToHost): Reply | Promise<Reply> {
  if (intention.type === 'signIn' || intention.type === 'lockScreen') return handle(parts, actorId, intention);
  return parts.requests.take(requestId, intention.type, () => handle(parts, actorId, intention));
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
    return { kind: 'reply', requestId: id.data.requestId, reply: rulesDraftProblem(parts, message, parsed.error) ?? notUnderstood() };
  }
  const { requestId, actorId, intention } = parsed.data;
  try {
    // Awaited inside the try: a step that rejects is answered exactly like one that throws.
    const reply = await takeOnce(parts, parsed.data);
    parts.logger.info({ intention: intention.type, actorId, ok: reply.ok }, 'intention handled');
    return { kind: 'reply', requestId, reply };
  } catch (error) {
    // A failed write rolled back its transaction: nothing was recorded, and the person must know.
    parts.logger.error({ err: error, intention: intention.type }, 'intention failed');
    return { kind: 'reply', requestId, reply: notRecorded() };
  }
}

/** A screen back after a dropped link, asking what became of its unanswered requests. */
export function isRequestOutcomesQuery(message: unknown): boolean {
  return typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind === 'requestOutcomes';
}

/** Which of the requests asked about recorded their step; null (unanswerable) when the question fails the contract. */
export function answerRequestOutcomes(parts: Pick<HostParts, 'requests' | 'logger'>, message: unknown): RequestOutcomes | null {
  const parsed = RequestOutcomesQuery.safeParse(message);
  if (parsed.success) return parts.requests.outcomes(parsed.data);
  parts.logger.warn({ issues: parsed.error.issues.slice(0, 5).map((issue) => ({ path: issue.path.join('.'), code: issue.code })) },
    'rejected a question about earlier requests that failed validation');
  return null;
}
