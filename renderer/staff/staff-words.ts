import type { StaffCard } from '../../shared/contract/index.js';

export const roleWords: Record<StaffCard['role'], string> = {
  nurse: 'Nurse',
  hca: 'HCA',
  prescriber: 'Prescriber',
  clinicLead: 'Clinic lead',
};

/** The role inside a sentence: "Acting as Aisha Khan · nurse". */
export const roleInLine: Record<StaffCard['role'], string> = {
  nurse: 'nurse',
  hca: 'HCA',
  prescriber: 'prescriber',
  clinicLead: 'clinic lead',
};
