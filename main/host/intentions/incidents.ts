/**
 * Acknowledging an incident (a double dose found on reconnection) with a note of what was done:
 * a ledger event attributed to the nurse or clinic lead, after which no kiosk shows it.
 */
import type { Handler, HandlerTable } from '../handler.js';
import type { HostParts } from '../host-parts.js';
import { done, refused } from '../replies.js';

const acknowledgeIncident: Handler<'acknowledgeIncident', Pick<HostParts, 'incidents' | 'ledger'>> = (parts, { incidentId, note }, { actor }) => {
  if (!parts.incidents.incidentIsOpen(incidentId)) {
    return refused('incidentNotOpen', 'That incident is not open: it may already have been acknowledged on another kiosk.');
  }
  parts.ledger.append({ event: { type: 'incidentAcknowledged', incidentEventId: incidentId, note }, actorStaffId: actor.staffId });
  return done();
};

export const incidentIntentions: HandlerTable<'acknowledgeIncident'> = { acknowledgeIncident };
