/**
 * Reference data recorded at the kiosk, each as a ledger event attributed to whoever did it:
 * the clinic lead enrols staff and service users and sets the site rules; the prescriber issues,
 * changes and suspends prescriptions and clears a re-titration block.
 */
import { randomUUID } from 'node:crypto';
import { hashSync } from '@node-rs/argon2';
import { clinicDayOf } from '../../shared/clinic-time/clinic-day.js';
import type { Reply } from '../../shared/contract/index.js';
import type { DomainEvent } from '../../shared/ledger/ledger-event.js';
import type { PrescriptionTerms } from '../../shared/ledger/reference-events.js';
import { SiteRules } from '../../shared/site-rules/site-rules.js';
import { consecutiveMissedOf } from './check-in.js';
import type { HandlerTable, HostParts, IntentionContext } from './host-parts.js';
import { done, refused } from './visit-intentions.js';

type ReferenceIntention =
  | 'enrolStaff' | 'enrolServiceUser' | 'issuePrescription' | 'changePrescription' | 'suspendPrescription'
  | 'clearRetitrationBlock' | 'changeSiteRules' | 'approveSiteRules';

function record(parts: HostParts, { actor }: IntentionContext, event: DomainEvent, serviceUserId: string | null = null): Reply {
  parts.ledger.append({ event, serviceUserId, actorStaffId: actor.staffId });
  return done();
}

function newId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

/** Terms a prescriber may set, checked against the site rules in force. */
function termsProblems(parts: HostParts, terms: PrescriptionTerms, startsOn: string | null): string[] {
  const rules = parts.reference.siteRules();
  if (!rules) return ['This kiosk has no site rules yet: a clinic lead must set them first.'];
  const problems: string[] = [];
  const notAllowed = terms.routes.filter((route) => !rules.dosing.routes.includes(route));
  if (notAllowed.length > 0) problems.push(`This site does not give doses by ${notAllowed.join(' or ')}.`);
  if (terms.sessionsPerDay > rules.sessions.windows.length) {
    problems.push(`This site has ${rules.sessions.windows.length} session${rules.sessions.windows.length === 1 ? '' : 's'} a day, not ${terms.sessionsPerDay}.`);
  }
  if (terms.dosePerSessionMg * terms.sessionsPerDay > rules.dosing.maximumDailyMg) {
    problems.push(`${terms.sessionsPerDay} × ${terms.dosePerSessionMg} mg is over the daily maximum of ${rules.dosing.maximumDailyMg} mg.`);
  }
  if (terms.reducedDoseRange && terms.reducedDoseRange.maxMg >= terms.dosePerSessionMg) {
    problems.push('A reduced dose must be less than the prescribed dose.');
  }
  if (startsOn && terms.endsOn && terms.endsOn < startsOn) problems.push('The prescription must end on or after the day it starts.');
  return problems;
}

export const referenceIntentions: HandlerTable<ReferenceIntention> = {
  enrolStaff(parts, intention, context) {
    const existing = intention.staffId === null ? null : parts.reference.staffMember(intention.staffId);
    if (intention.staffId !== null && !existing) return refused('That staff member is not enrolled here.');
    const badgeHolder = parts.reference.staffByBadge(intention.badgeNumber);
    if (badgeHolder && badgeHolder.member.staffId !== intention.staffId) {
      return refused(`Badge ${intention.badgeNumber} already belongs to ${badgeHolder.member.displayName}.`);
    }
    const staffId = intention.staffId ?? newId('staff');
    const pinHash = intention.pin === null ? parts.reference.pinHashOf(staffId) : hashSync(intention.pin);
    if (pinHash === null) return refused('Set a PIN for a new staff member.');
    const leads = parts.reference.staff().filter((member) => member.active && member.role === 'clinicLead' && member.staffId !== staffId);
    if (existing?.role === 'clinicLead' && (intention.role !== 'clinicLead' || !intention.active) && leads.length === 0) {
      return refused('This is the only active clinic lead: enrol another before changing this one, or nobody could manage the kiosk.');
    }
    if (!intention.active) parts.staff.signOut(staffId);
    return record(parts, context, {
      type: 'staffEnrolled', staffId, displayName: intention.displayName, role: intention.role,
      badgeNumber: intention.badgeNumber, pinHash, active: intention.active,
    });
  },
  enrolServiceUser(parts, intention, context) {
    if (intention.serviceUserId !== null && !parts.reference.serviceUser(intention.serviceUserId)) {
      return refused('That service user is not enrolled here.');
    }
    const { type: _, serviceUserId: given, ...details } = intention;
    const serviceUserId = given ?? newId('su');
    return record(parts, context, { type: 'serviceUserEnrolled', serviceUserId, ...details }, serviceUserId);
  },
  issuePrescription(parts, intention, context) {
    const person = parts.reference.serviceUser(intention.serviceUserId);
    if (!person) return refused('That service user is not enrolled here.');
    const { type: _, ...terms } = intention;
    const problems = termsProblems(parts, terms, intention.startsOn);
    const overlapping = parts.reference.prescriptionsOf(person.serviceUserId).find((rx) =>
      rx.status === 'active' && (rx.endsOn === null || rx.endsOn >= intention.startsOn) && (intention.endsOn === null || rx.startsOn <= intention.endsOn));
    if (overlapping) problems.push(`${person.preferredName} already has an active prescription for those dates: change or suspend it instead.`);
    if (problems.length > 0) return refused(problems.join(' '));
    return record(parts, context, {
      type: 'prescriptionIssued', prescriptionId: newId('rx'), prescriberId: context.actor.staffId, ...terms,
    }, person.serviceUserId);
  },
  changePrescription(parts, intention, context) {
    const prescription = parts.reference.prescription(intention.prescriptionId);
    if (!prescription || prescription.status !== 'active') return refused('Only an active prescription can be changed.');
    const { type: _, ...terms } = intention;
    const problems = termsProblems(parts, terms, prescription.startsOn);
    if (problems.length > 0) return refused(problems.join(' '));
    return record(parts, context, { type: 'prescriptionChanged', serviceUserId: prescription.serviceUserId, ...terms }, prescription.serviceUserId);
  },
  suspendPrescription(parts, intention, context) {
    const prescription = parts.reference.prescription(intention.prescriptionId);
    if (!prescription || prescription.status !== 'active') return refused('That prescription is not active.');
    return record(parts, context, {
      type: 'prescriptionSuspended', prescriptionId: prescription.prescriptionId, serviceUserId: prescription.serviceUserId,
      reason: intention.reason,
    }, prescription.serviceUserId);
  },
  clearRetitrationBlock(parts, intention, context) {
    const person = parts.reference.serviceUser(intention.serviceUserId);
    const clinic = parts.reference.clinic();
    const rules = parts.reference.siteRules();
    if (!person || !clinic || !rules) return refused('That service user is not enrolled here.');
    const now = new Date(context.at);
    const prescription = parts.reference.activePrescription(person.serviceUserId, clinicDayOf(now, clinic.timeZone));
    if (!prescription) return refused(`${person.preferredName} has no prescription in force: issue one first.`);
    const missed = consecutiveMissedOf({ reference: parts.reference, clinic, rules, now }, person, prescription);
    if (missed < rules.dosing.missedSessionsBeforeBlock) return refused(`${person.preferredName}'s treatment is not paused for missed sessions.`);
    return record(parts, context, { type: 'retitrationBlockCleared', serviceUserId: person.serviceUserId, note: intention.note }, person.serviceUserId);
  },
  changeSiteRules(parts, intention, context) {
    const current = parts.reference.siteRules();
    // A change is a new version, unapproved: the banner shows until a clinic lead approves it.
    const next = SiteRules.safeParse({ ...intention.rules, version: (current?.version ?? 0) + 1, approvedBy: null });
    if (!next.success) return refused(next.error.issues.map((issue) => issue.message).join(' '));
    return record(parts, context, { type: 'siteRulesAdopted', rules: next.data });
  },
  approveSiteRules(parts, intention, context) {
    const current = parts.reference.siteRules();
    if (!current || current.version !== intention.version) return refused('Only the current version of the site rules can be approved. Reload and check it first.');
    if (current.approvedBy !== null) return refused(`Version ${current.version} is already approved by ${current.approvedBy}.`);
    return record(parts, context, { type: 'siteRulesApproved', version: current.version, approvedBy: context.actor.displayName });
  },
};
