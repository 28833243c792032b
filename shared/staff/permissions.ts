/**
 * Who may do what (docs/design.md section 1): the matrix the host checks every intention against.
 * One row per intention, so a new intention does not compile until someone decides who may send
 * it. Reports are checked per report.
 */
import type { IntentionType, ReportName } from '../contract/intentions.js';
import type { StaffRole } from '../ledger/reference-events.js';

const clinical: readonly StaffRole[] = ['nurse', 'hca'];
const nurse: readonly StaffRole[] = ['nurse'];
// The overdose response is never refused for want of the right role: anyone on duty may act.
const everyone: readonly StaffRole[] = ['nurse', 'hca', 'prescriber', 'clinicLead'];

/**
 * `null`: needs no signed-in actor (signing in is how one becomes one; an idle screen locks by
 * itself). Starting the overdose
 * response is also taken from a screen with nobody signed in (main/host/dispatcher.ts), so an
 * emergency never waits for a badge; anyone signed in may start it too.
 */
export const rolesFor: Record<IntentionType, readonly StaffRole[] | null> = {
  signIn: null,
  signOut: everyone,
  // Locking only ever hides: an idle screen locks with nobody acting (main/host/dispatcher.ts).
  lockScreen: null,
  unlockStaff: ['clinicLead'],
  startVisit: clinical,
  confirmIdentity: clinical,
  recordPreDoseCheck: nurse,
  startBreathTest: clinical,
  cancelBreathTest: clinical,
  recordManualBreathReading: clinical,
  decideBreathReview: nurse,
  recordPreparation: nurse,
  recordAdministration: nurse,
  recordWaste: nurse,
  recordObservation: clinical,
  withholdDose: nurse,
  dischargeVisit: nurse,
  endVisit: clinical,
  startOverdoseResponse: everyone,
  recordNaloxone: everyone,
  recordOxygen: everyone,
  recordRescueBreathing: everyone,
  recordEmergencyCall: everyone,
  recordOverdoseOutcome: everyone,
  // Recorded by the nurse who took the prescriber's decision (often by phone), or the prescriber.
  recordPrescriberDecisionAfterNaloxone: ['nurse', 'prescriber'],
  // An incident is a clinical and a governance matter: the nurse in charge or the clinic lead.
  acknowledgeIncident: ['nurse', 'clinicLead'],
  enrolStaff: ['clinicLead'],
  enrolServiceUser: ['clinicLead'],
  issuePrescription: ['prescriber'],
  changePrescription: ['prescriber'],
  suspendPrescription: ['prescriber'],
  // Whoever works with the person may leave the next worker a note.
  writeHandoverNote: everyone,
  clearRetitrationBlock: ['prescriber'],
  changeSiteRules: ['clinicLead'],
  // Never by the person who made the change (the handler checks): a second lead, or a prescriber.
  approveSiteRules: ['clinicLead', 'prescriber'],
  // The catalogue decides which register section a movement lands on: the clinic lead keeps it.
  addControlledDrugProduct: ['clinicLead'],
  recordStockReceipt: nurse,
  recordStockCheck: nurse,
  carryRegisterPageForward: ['clinicLead'],
  // Reg 20: corrected by a nurse or a clinic lead, never altered.
  correctRegisterEntry: ['nurse', 'clinicLead'],
  recordStockDestruction: nurse,
  recordPatientReturn: nurse,
  authoriseDestructionWitness: ['clinicLead'],
  showReport: everyone,
  // The register on paper: for whoever may read it (rolesForReport.register).
  saveRegisterPrintout: ['nurse', 'clinicLead'],
};

export const rolesForReport: Record<ReportName, readonly StaffRole[]> = {
  register: ['nurse', 'clinicLead'],
  stockChecks: ['nurse', 'clinicLead'],
  todaysDoses: everyone,
  missedSessions: everyone,
  serviceUsers: ['prescriber', 'clinicLead'],
  staff: ['clinicLead'],
  siteRules: everyone,
  // Who did what to whom: a governance record, for the clinic lead alone.
  audit: ['clinicLead'],
};

export const roleWords: Record<StaffRole, string> = {
  nurse: 'a nurse',
  hca: 'a health-care assistant',
  prescriber: 'a prescriber',
  clinicLead: 'a clinic lead',
};

export function mayAct(role: StaffRole, type: IntentionType): boolean {
  return rolesFor[type]?.includes(role) ?? true;
}
