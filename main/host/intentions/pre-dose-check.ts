/**
 * The pre-dose check. What the nurse found (sedation, signs of intoxication, reported use) is a
 * clinical fact whether or not the decision is accepted: a refused "proceed" at sedation 3 is kept
 * as a finding, so that ending the visit and checking in again cannot make it disappear. A finding
 * recorded earlier in the same session, in this visit or another, must be answered with a reason
 * before going ahead.
 */
import type { Reply } from '../../../shared/contract/index.js';
import { reasonsOf, type Refusal } from '../../../shared/refusals/refusal.js';
import { sameSession } from '../../../shared/visit/check-in-rules.js';
import type { VisitContext } from '../../../shared/visit/visit-context.js';
import type { VisitEventOf } from '../../../shared/visit/visit-events.js';
import { earlierFindingsProblems, findingConcerns } from '../../../shared/visit/visit-rules.js';
import { apartFromTheStep } from '../../ledger/intention-requests.js';
import type { Handler } from '../handler.js';
import type { HostParts } from '../host-parts.js';
import type { EarlierFinding } from '../records/visit-history.js';
import { done, refused, visitNotOpenHere } from '../replies.js';
import { sessionFactOfVisit } from '../visits/dose-moment.js';

type PreDoseParts = Pick<HostParts, 'registry' | 'history'>;

/** Findings recorded for this person in this session by other visits (this visit's own are in its context). */
export function findingsEarlierThisSession(parts: Pick<HostParts, 'history'>, context: VisitContext): EarlierFinding[] {
  const session = sessionFactOfVisit(context);
  return parts.history.findingsOn(context.serviceUserId, context.clinicDay)
    .filter((finding) => finding.visitId !== context.visitId && sameSession(finding, session));
}

function earlierConcerns(parts: PreDoseParts, context: VisitContext): string[] {
  const concerns = findingsEarlierThisSession(parts, context).flatMap((finding) => findingConcerns(context.rules, finding));
  return [...new Set(concerns)];
}

function sameFindings(a: VisitContext['findings'][number] | undefined, b: VisitEventOf<'preDoseFindingsRecorded'>): boolean {
  return a !== undefined && a.sedation === b.sedation && a.intoxicationSigns === b.intoxicationSigns &&
    a.selfReportedUse.join() === b.selfReportedUse.join();
}

/** Keeps what a refused check found (once, however often the same refused check is tapped). */
function keepFindings(parts: PreDoseParts, context: VisitContext, findings: VisitEventOf<'preDoseFindingsRecorded'>, actorStaffId: string): boolean {
  if (sameFindings(context.findings.at(-1), findings)) return true;
  // Kept though the check was refused: a retry of the refused check must not read as recorded.
  return apartFromTheStep(() => parts.registry.advance(context.visitId, findings, { actorStaffId, witnessStaffId: null })).ok;
}

export const recordPreDoseCheck: Handler<'recordPreDoseCheck', PreDoseParts> = (parts, { visitId, type: _, ...check }, { at, actor }): Reply => {
  const visit = parts.registry.get(visitId);
  if (!visit) return visitNotOpenHere();
  const event: VisitEventOf<'preDoseCheckRecorded'> = { type: 'preDoseCheckRecorded', at, ...check };
  const earlier = earlierFindingsProblems(earlierConcerns(parts, visit.context), event);
  const result = earlier.length > 0
    ? { ok: false as const, refusals: earlier }
    : parts.registry.advance(visitId, event, { actorStaffId: actor.staffId, witnessStaffId: null });
  if (result.ok) return done(visitId);
  const findings: VisitEventOf<'preDoseFindingsRecorded'> = {
    type: 'preDoseFindingsRecorded', at, sedation: check.sedation, intoxicationSigns: check.intoxicationSigns, selfReportedUse: check.selfReportedUse,
  };
  const refusals: Refusal[] = result.refusals;
  const first = refusals[0];
  if (!first) return visitNotOpenHere();
  // Only a check the rules refused at this step found something; one sent at the wrong step did not.
  const kept = visit.can(findings) && keepFindings(parts, visit.context, findings, actor.staffId);
  return refused(first.code, kept ? `${reasonsOf(refusals)} What was found has been recorded.` : reasonsOf(refusals));
};
