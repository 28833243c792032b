/**
 * The small cards every view is built from: a service user as the room sees them (photo,
 * preferred name, initial: no more identity than the task needs), and a staff member, with what
 * their role may do when they are on duty here.
 */
import { intentionTypes, reportNames, type OnDutyCard, type PersonCard, type StaffCard } from '../../../shared/contract/index.js';
import { mayAct, rolesForReport } from '../../../shared/staff/permissions.js';
import type { ServiceUser, StaffMember } from '../records/reference-data.js';

export function staffCard(member: StaffMember): StaffCard {
  return { id: member.staffId, displayName: member.displayName, role: member.role };
}

export function onDutyCard(member: StaffMember): OnDutyCard {
  return {
    ...staffCard(member),
    may: intentionTypes.filter((type) => type !== 'signIn' && mayAct(member.role, type)),
    reports: reportNames.filter((report) => rolesForReport[report].includes(member.role)),
  };
}

export function personCard(person: ServiceUser): PersonCard {
  const surname = person.legalName.trim().split(/\s+/).at(-1) ?? '';
  return { id: person.serviceUserId, preferredName: person.preferredName, initial: surname.slice(0, 1).toUpperCase(), photo: person.photo };
}
