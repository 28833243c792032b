/**
 * Checking a service user in: the one step that starts a visit. The clinic context decides whether
 * they may be dosed this session; the visit then carries the session, what was given today, the
 * prescription and the rules it was decided against.
 */
import { randomUUID } from 'node:crypto';
import type { Reply } from '../../../shared/contract/index.js';
import { breathTestRequired } from '../clinic-context/check-in-decision.js';
import { checkInDecisionFor, personInClinic } from '../clinic-context/clinic-context.js';
import type { Handler } from '../handler.js';
import type { HostParts } from '../host-parts.js';
import { snapshotOf } from '../records/reference-data.js';
import { done, refused, refusedFor } from '../replies.js';

type CheckInParts = Pick<HostParts, 'reference' | 'history' | 'registry'>;

export const startVisit: Handler<'startVisit', CheckInParts> = (parts, intention, { at, actor }): Reply => {
  const person = parts.reference.serviceUser(intention.serviceUserId);
  if (!person) return refused('notEnrolled', 'This person is not enrolled at this clinic.');
  // Before the prescription: a person whose prescription stopped mid-visit is shown their open visit, not a new refusal.
  if (parts.registry.openVisitFor(person.serviceUserId)) {
    return refused('openVisitExists', `${person.preferredName} already has an open visit: tap their card on the room board.`);
  }
  const lookup = personInClinic(parts, person, new Date(at));
  if (!lookup.ok) return refusedFor([lookup.refusal]);
  const { prescription, context } = lookup.found;
  const decision = checkInDecisionFor(lookup.found);
  if (!decision.ok) return refusedFor(decision.problems);
  const visitId = randomUUID();
  parts.registry.start({
    type: 'visitStarted',
    at,
    visitId,
    serviceUserId: person.serviceUserId,
    breathTestRequired: breathTestRequired(context, person),
    clinicDay: decision.session.clinicDay,
    session: { id: decision.session.id, name: decision.session.name, ...decision.session.window },
    givenTodayMg: decision.givenTodayMg,
    prescription: snapshotOf(prescription),
    rules: context.rules,
  }, { actorStaffId: actor.staffId, witnessStaffId: null });
  return done(visitId);
};

export const checkInIntentions = { startVisit };
