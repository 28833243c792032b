/**
 * A report asked for by a screen, answered to that screen only, for the roles each report allows
 * (shared/staff/permissions.ts, per report rather than per intention).
 */
import { roleWords, rolesForReport } from '../../../shared/staff/permissions.js';
import type { Handler } from '../handler.js';
import type { HostParts } from '../host-parts.js';
import { refused } from '../replies.js';

export const showReport: Handler<'showReport', Pick<HostParts, 'reports'>> = (parts, intention, { at, actor }) => {
  const allowed = rolesForReport[intention.report];
  if (!allowed.includes(actor.role)) {
    return refused('reportNotAllowed', `${actor.displayName}, this report is for ${allowed.map((role) => roleWords[role]).join(' or ')}.`);
  }
  return {
    ok: true, visitId: null, staffId: null,
    report: parts.reports.build(intention.report, new Date(at), intention.clinicDay, intention.audit ?? null),
  };
};
