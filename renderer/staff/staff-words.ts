import type { StaffCard } from '../../shared/contract/index.js';

export const roleWords: Record<StaffCard['role'], string> = {
  nurse: 'Nurse',
  hca: 'HCA',
  prescriber: 'Prescriber',
  clinicLead: 'Clinic lead',
};
