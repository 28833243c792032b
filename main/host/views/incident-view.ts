/**
 * Double doses found when an offline kiosk reconnected (main/sync/dose-claims.ts), as the board
 * shows them on every kiosk of the clinic: who was dosed, when, where and by whom, until a nurse
 * or the clinic lead acknowledges them (intentions/incidents.ts).
 */
import { z } from 'zod';
import type { IncidentView, PersonCard } from '../../../shared/contract/index.js';
import { OtherDoseClaim } from '../../../shared/ledger/sync-events.js';
import type { HostParts } from '../host-parts.js';
import type { OpenIncident } from '../records/incident-records.js';
import { whereAndWho } from './attribution-words.js';

const DoubleDoseDetail = z.object({ doseEventId: z.string(), visitId: z.string(), otherClaim: OtherDoseClaim });

type IncidentViewParts = Pick<HostParts, 'reference' | 'incidents' | 'events'>;

function summary(parts: IncidentViewParts, incident: OpenIncident, name: string, timeZone: string): string {
  const detail = DoubleDoseDetail.safeParse(incident.detail);
  if (!detail.success) return `${name} may have been given two doses in one session: check the register.`;
  const { otherClaim } = detail.data;
  // The other dose's own record when it has arrived here; until then the time central took its claim.
  const otherDose = parts.events.eventAttribution(otherClaim.eventId);
  const first = whereAndWho(parts.reference, otherDose?.occurredAt ?? otherClaim.claimedAt, otherClaim.kioskName, otherClaim.actorStaffId, timeZone);
  const dose = parts.events.eventAttribution(detail.data.doseEventId);
  const second = dose
    ? whereAndWho(parts.reference, dose.occurredAt, parts.events.kioskName(dose.kioskId) ?? 'another kiosk', dose.actorStaffId, timeZone)
    : 'on a kiosk whose record has not reached this one yet';
  return `${name} was given two doses in one session: ${first}; and ${second}, while that kiosk was offline. ` +
    'Check on them now and follow the overdose protocol if needed.';
}

export function incidentViews(
  parts: IncidentViewParts, personOf: (serviceUserId: string) => PersonCard | null, timeZone: string,
): IncidentView[] {
  return parts.incidents.openIncidents().map((incident) => {
    const person = personOf(incident.serviceUserId) ?? { id: incident.serviceUserId, preferredName: 'A service user', initial: '', photo: '' };
    return { incidentId: incident.incidentId, person, raisedAt: incident.raisedAt, summary: summary(parts, incident, person.preferredName, timeZone) };
  });
}
