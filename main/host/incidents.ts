/**
 * Double doses found when an offline kiosk reconnected (main/sync/dose-claims.ts). Each is shown
 * on every kiosk of the clinic, in words that say who was dosed, when, where and by whom, until a
 * nurse or the clinic lead acknowledges it with a note of what was done.
 */
import { z } from 'zod';
import { clockTimeIn } from '../../shared/clinic-time/clinic-day.js';
import type { IncidentView, IntentionOf, PersonCard, Reply } from '../../shared/contract/index.js';
import { OtherDoseClaim } from '../../shared/ledger/sync-events.js';
import type { HostParts, IntentionContext } from './host-parts.js';
import type { OpenIncident, ReferenceData } from './reference-data.js';
import { done, refused } from './visit-intentions.js';

const DoubleDoseDetail = z.object({ doseEventId: z.string(), visitId: z.string(), otherClaim: OtherDoseClaim });

export function whereAndWho(reference: ReferenceData, at: string, kioskName: string, staffId: string | null, timeZone: string): string {
  return `${clockTimeIn(new Date(at), timeZone)} in ${kioskName}, by ${reference.nameOf(staffId)}`;
}

function summary(reference: ReferenceData, incident: OpenIncident, name: string, timeZone: string): string {
  const detail = DoubleDoseDetail.safeParse(incident.detail);
  if (!detail.success) return `${name} may have been given two doses in one session: check the register.`;
  const { otherClaim } = detail.data;
  // The other dose's own record when it has arrived here; until then the time central took its claim.
  const otherDose = reference.eventAttribution(otherClaim.eventId);
  const first = whereAndWho(reference, otherDose?.occurredAt ?? otherClaim.claimedAt, otherClaim.kioskName, otherClaim.actorStaffId, timeZone);
  const dose = reference.eventAttribution(detail.data.doseEventId);
  const second = dose
    ? whereAndWho(reference, dose.occurredAt, reference.kioskName(dose.kioskId) ?? 'another kiosk', dose.actorStaffId, timeZone)
    : 'on a kiosk whose record has not reached this one yet';
  return `${name} was given two doses in one session: ${first}; and ${second}, while that kiosk was offline. ` +
    'Check on them now and follow the overdose protocol if needed.';
}

export function incidentViews(
  parts: HostParts, personOf: (serviceUserId: string) => PersonCard | null, timeZone: string,
): IncidentView[] {
  return parts.reference.openIncidents().map((incident) => {
    const person = personOf(incident.serviceUserId) ?? { id: incident.serviceUserId, preferredName: 'A service user', initial: '', photo: '' };
    return { incidentId: incident.incidentId, person, raisedAt: incident.raisedAt, summary: summary(parts.reference, incident, person.preferredName, timeZone) };
  });
}

export const incidentIntentions = {
  acknowledgeIncident(parts: HostParts, { incidentId, note }: IntentionOf<'acknowledgeIncident'>, { actor }: IntentionContext): Reply {
    if (!parts.reference.incidentIsOpen(incidentId)) return refused('That incident is not open: it may already have been acknowledged on another kiosk.');
    parts.ledger.append({ event: { type: 'incidentAcknowledged', incidentEventId: incidentId, note }, actorStaffId: actor.staffId });
    return done();
  },
};
