/**
 * Reference data recorded at the kiosk, each as a ledger event attributed to whoever did it:
 * the clinic lead enrols staff and service users and sets the site rules; the prescriber issues,
 * changes and suspends prescriptions and clears a re-titration block; anyone on duty writes a
 * dated handover note.
 */
import { randomUUID } from 'node:crypto';
import { hashSync } from '@node-rs/argon2';
import type { Reply } from '../../../shared/contract/index.js';
import type { DomainEvent } from '../../../shared/ledger/ledger-event.js';
import type { PrescriptionTerms } from '../../../shared/ledger/reference-events.js';
import { refusal, type Refusal } from '../../../shared/refusals/refusal.js';
import { SiteRules, legacyWindowId, type SessionWindowDraft } from '../../../shared/site-rules/site-rules.js';
import { blockedForMissedSessions } from '../clinic-context/check-in-decision.js';
import { clinicContextAt, prescriptionInForce } from '../clinic-context/clinic-context.js';
import type { HandlerTable, IntentionContext } from '../handler.js';
import type { HostParts } from '../host-parts.js';
import { done, refused, refusedFor } from '../replies.js';

type ReferenceIntention =
  | 'enrolStaff' | 'enrolServiceUser' | 'issuePrescription' | 'changePrescription' | 'suspendPrescription'
  | 'clearRetitrationBlock' | 'writeHandoverNote' | 'changeSiteRules' | 'approveSiteRules';

type RecordsParts = Pick<HostParts, 'reference' | 'history' | 'ledger' | 'staff'>;

function record(parts: Pick<HostParts, 'ledger'>, { actor }: IntentionContext, event: DomainEvent, serviceUserId: string | null = null): Reply {
  parts.ledger.append({ event, serviceUserId, actorStaffId: actor.staffId });
  return done();
}

/**
 * A window keeps the id it came with; a new one takes its name as a slug (numbered if the slug is
 * taken), so what is filed under a session stays with it through renaming and moving.
 */
function withWindowIds(windows: readonly SessionWindowDraft[]): SessionWindowDraft[] {
  const taken = new Set(windows.flatMap((window) => (window.id === undefined ? [] : [window.id])));
  return windows.map((window) => {
    if (window.id !== undefined) return window;
    const base = legacyWindowId(window.name);
    let id = base;
    for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`;
    taken.add(id);
    return { ...window, id };
  });
}

function newId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

/** Terms a prescriber may set, checked against the site rules in force: each problem, or none. */
function termsRefusals(parts: Pick<HostParts, 'reference'>, terms: PrescriptionTerms, startsOn: string | null, at: string): Refusal[] {
  const rules = parts.reference.siteRulesAt(at);
  if (!rules) return [refusal('notSetUp', 'This kiosk has no site rules yet: a clinic lead must set them first.')];
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
  return problems.map((problem) => refusal('prescriptionTermsRefused', problem));
}

export const referenceIntentions: HandlerTable<ReferenceIntention> = {
  enrolStaff(parts: RecordsParts, intention, context) {
    const existing = intention.staffId === null ? null : parts.reference.staffMember(intention.staffId);
    if (intention.staffId !== null && !existing) return refused('notEnrolled', 'That staff member is not enrolled here.');
    const badgeHolder = parts.reference.staffByBadge(intention.badgeNumber);
    if (badgeHolder && badgeHolder.member.staffId !== intention.staffId) {
      return refused('badgeTaken', `Badge ${intention.badgeNumber} already belongs to ${badgeHolder.member.displayName}.`);
    }
    const staffId = intention.staffId ?? newId('staff');
    const pinHash = intention.pin === null ? parts.reference.pinHashOf(staffId) : hashSync(intention.pin);
    if (pinHash === null) return refused('pinNeeded', 'Set a PIN for a new staff member.');
    const leads = parts.reference.staff().filter((member) => member.active && member.role === 'clinicLead' && member.staffId !== staffId);
    if (existing?.role === 'clinicLead' && (intention.role !== 'clinicLead' || !intention.active) && leads.length === 0) {
      return refused('onlyClinicLead', 'This is the only active clinic lead: enrol another before changing this one, or nobody could manage the kiosk.');
    }
    if (!intention.active) parts.staff.signOut(staffId);
    return record(parts, context, {
      type: 'staffEnrolled', staffId, displayName: intention.displayName, role: intention.role,
      badgeNumber: intention.badgeNumber, pinHash, active: intention.active,
    });
  },
  enrolServiceUser(parts: RecordsParts, intention, context) {
    if (intention.serviceUserId !== null && !parts.reference.serviceUser(intention.serviceUserId)) {
      return refused('notEnrolled', 'That service user is not enrolled here.');
    }
    const { type: _, serviceUserId: given, ...details } = intention;
    const serviceUserId = given ?? newId('su');
    return record(parts, context, { type: 'serviceUserEnrolled', serviceUserId, ...details }, serviceUserId);
  },
  issuePrescription(parts: RecordsParts, intention, context) {
    const person = parts.reference.serviceUser(intention.serviceUserId);
    if (!person) return refused('notEnrolled', 'That service user is not enrolled here.');
    const { type: _, ...terms } = intention;
    const problems = termsRefusals(parts, terms, intention.startsOn, context.at);
    const overlapping = parts.reference.prescriptionsOf(person.serviceUserId).find((rx) =>
      rx.status === 'active' && (rx.endsOn === null || rx.endsOn >= intention.startsOn) && (intention.endsOn === null || rx.startsOn <= intention.endsOn));
    if (overlapping) {
      problems.push(refusal('prescriptionOverlaps', `${person.preferredName} already has an active prescription for those dates: change or suspend it instead.`));
    }
    if (problems.length > 0) return refusedFor(problems);
    return record(parts, context, {
      type: 'prescriptionIssued', prescriptionId: newId('rx'), prescriberId: context.actor.staffId, ...terms,
    }, person.serviceUserId);
  },
  changePrescription(parts: RecordsParts, intention, context) {
    const prescription = parts.reference.prescription(intention.prescriptionId);
    if (!prescription || prescription.status !== 'active') return refused('prescriptionNotActive', 'Only an active prescription can be changed.');
    const { type: _, ...terms } = intention;
    const problems = termsRefusals(parts, terms, prescription.startsOn, context.at);
    if (problems.length > 0) return refusedFor(problems);
    return record(parts, context, { type: 'prescriptionChanged', serviceUserId: prescription.serviceUserId, ...terms }, prescription.serviceUserId);
  },
  suspendPrescription(parts: RecordsParts, intention, context) {
    const prescription = parts.reference.prescription(intention.prescriptionId);
    if (!prescription || prescription.status !== 'active') return refused('prescriptionNotActive', 'That prescription is not active.');
    return record(parts, context, {
      type: 'prescriptionSuspended', prescriptionId: prescription.prescriptionId, serviceUserId: prescription.serviceUserId,
      reason: intention.reason,
    }, prescription.serviceUserId);
  },
  clearRetitrationBlock(parts: RecordsParts, intention, context) {
    const person = parts.reference.serviceUser(intention.serviceUserId);
    const clinic = clinicContextAt(parts, new Date(context.at));
    if (!person || !clinic) return refused('notEnrolled', 'That service user is not enrolled here.');
    const prescription = prescriptionInForce(parts.reference, person, clinic);
    if (!prescription) return refused('noPrescription', `${person.preferredName} has no prescription in force: issue one first.`);
    if (!blockedForMissedSessions(clinic, person, prescription)) {
      return refused('notPausedForMissedSessions', `${person.preferredName}'s treatment is not paused for missed sessions.`);
    }
    return record(parts, context, { type: 'retitrationBlockCleared', serviceUserId: person.serviceUserId, note: intention.note }, person.serviceUserId);
  },
  writeHandoverNote(parts: RecordsParts, intention, context) {
    const person = parts.reference.serviceUser(intention.serviceUserId);
    if (!person) return refused('notEnrolled', 'That service user is not enrolled here.');
    return record(parts, context, {
      type: 'handoverNoteWritten', serviceUserId: person.serviceUserId, note: intention.note, writtenBy: context.actor.staffId,
    }, person.serviceUserId);
  },
  changeSiteRules(parts: RecordsParts, intention, context) {
    const latest = parts.reference.latestSiteRules();
    // A change is a new version, unapproved: it takes effect only once someone else approves it.
    const windows = withWindowIds(intention.rules.sessions.windows);
    const next = SiteRules.safeParse({
      ...intention.rules, sessions: { ...intention.rules.sessions, windows }, version: (latest?.version ?? 0) + 1, approvedBy: null,
    });
    if (!next.success) return refused('siteRulesRefused', next.error.issues.map((issue) => issue.message).join(' '));
    return record(parts, context, { type: 'siteRulesAdopted', rules: next.data });
  },
  approveSiteRules(parts: RecordsParts, intention, context) {
    const latest = parts.reference.latestSiteRules();
    if (!latest || latest.version !== intention.version) return refused('siteRulesVersionStale', 'Only the newest version of the site rules can be approved. Reload and check it first.');
    if (latest.approvedBy !== null) return refused('siteRulesAlreadyApproved', `Version ${latest.version} is already approved by ${latest.approvedBy}.`);
    // Four eyes on every clinical threshold: whoever wrote the change cannot be the one who approves it.
    if (latest.adoptedBy === context.actor.staffId) {
      return refused('siteRulesOwnChange', `${context.actor.displayName}, you made version ${latest.version}: another clinic lead or a prescriber must approve it.`);
    }
    return record(parts, context, { type: 'siteRulesApproved', version: latest.version, approvedBy: context.actor.displayName });
  },
};
