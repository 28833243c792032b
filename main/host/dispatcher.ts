/**
 * The one door into the host: every message from a screen is parsed with zod, then handled.
 * A message that fails to parse, or a step that fails, changes nothing and is answered with a
 * reason the screen can show.
 */
import { z } from 'zod';
import { ToHost, type FromHost, type Intention, type Reply } from '../../shared/contract/index.js';
import { startVisit, visitIntentions, type HostParts } from './visit-intentions.js';

const AnyRequestId = z.object({ requestId: z.string().min(1).max(64) });

const notUnderstood =
  'The kiosk could not understand that request, so nothing was recorded. Reload the screen and try again.';

function handle(parts: HostParts, intention: Intention): Reply {
  const at = parts.clock.now().toISOString();
  switch (intention.type) {
    case 'signIn': {
      const result = parts.staff.signIn(intention.staffId);
      return result.ok ? { ok: true, visitId: null } : result;
    }
    case 'signOut':
      parts.staff.signOut(intention.staffId);
      return { ok: true, visitId: null };
    case 'startVisit': return startVisit(parts, intention);
    case 'confirmIdentity': return visitIntentions.confirmIdentity(parts, intention, at);
    case 'recordPreDoseCheck': return visitIntentions.recordPreDoseCheck(parts, intention, at);
    case 'startBreathTest': return visitIntentions.startBreathTest(parts, intention, at);
    case 'decideBreathReview': return visitIntentions.decideBreathReview(parts, intention, at);
    case 'recordPreparation': return visitIntentions.recordPreparation(parts, intention, at);
    case 'recordAdministration': return visitIntentions.recordAdministration(parts, intention, at);
    case 'recordWaste': return visitIntentions.recordWaste(parts, intention, at);
    case 'recordObservation': return visitIntentions.recordObservation(parts, intention, at);
    case 'withholdDose': return visitIntentions.withholdDose(parts, intention, at);
    case 'dischargeVisit': return visitIntentions.dischargeVisit(parts, intention, at);
    case 'endVisit': return visitIntentions.endVisit(parts, intention, at);
  }
}

/** Returns the reply to send back, or null when the message had no request id to answer. */
export function dispatch(parts: HostParts, message: unknown): Extract<FromHost, { kind: 'reply' }> | null {
  const parsed = ToHost.safeParse(message);
  if (!parsed.success) {
    const id = AnyRequestId.safeParse(message);
    parts.logger.warn({ issues: parsed.error.issues.slice(0, 5) }, 'rejected a message that failed validation');
    return id.success ? { kind: 'reply', requestId: id.data.requestId, reply: { ok: false, reason: notUnderstood } } : null;
  }
  const { requestId, intention } = parsed.data;
  try {
    const reply = handle(parts, intention);
    parts.logger.info({ intention: intention.type, ok: reply.ok }, 'intention handled');
    return { kind: 'reply', requestId, reply };
  } catch (error) {
    // A failed write rolled back its transaction: nothing was recorded, and the person must know.
    parts.logger.error({ err: error, intention: intention.type }, 'intention failed');
    return { kind: 'reply', requestId, reply: { ok: false, reason: 'The kiosk could not record that step, so nothing was saved. Try again; if it happens again, call support.' } };
  }
}
