/**
 * Each step a screen can send, in the few words the screen uses to say what became of it after the
 * connection dropped ("Recorded before the connection dropped: the dose given"). Typed by the
 * contract's intentions, so a new intention does not compile until it has its words.
 */
import type { IntentionType } from '../../shared/contract/index.js';

export const stepWords: Record<IntentionType, string> = {
  signIn: 'signing in',
  signOut: 'signing out',
  lockScreen: 'locking the screen',
  unlockStaff: 'unlocking a badge',
  startVisit: 'the check-in',
  confirmIdentity: 'the identity check',
  recordPreDoseCheck: 'the pre-dose check',
  startBreathTest: 'starting the breath test',
  cancelBreathTest: 'cancelling the breath test',
  recordManualBreathReading: 'the breath reading entered by hand',
  decideBreathReview: 'the decision on the breath reading',
  recordPreparation: 'the dose drawn up',
  recordAdministration: 'the dose given',
  recordWaste: 'the surplus wasted',
  recordObservation: 'the observation',
  withholdDose: 'the dose withheld',
  dischargeVisit: 'the discharge',
  endVisit: 'the end of the visit',
  startOverdoseResponse: 'the start of the overdose response',
  recordNaloxone: 'the naloxone given',
  recordOxygen: 'the oxygen given',
  recordRescueBreathing: 'the rescue breathing',
  recordEmergencyCall: 'the emergency call',
  recordOverdoseOutcome: 'the outcome of the overdose response',
  recordPrescriberDecisionAfterNaloxone: 'the prescriber\'s decision',
  acknowledgeIncident: 'the incident acknowledged',
  enrolStaff: 'the staff record',
  enrolServiceUser: 'the service user\'s record',
  issuePrescription: 'the prescription',
  changePrescription: 'the prescription change',
  suspendPrescription: 'the prescription suspended',
  clearRetitrationBlock: 'the retitration block cleared',
  changeSiteRules: 'the site rules change',
  approveSiteRules: 'the site rules approved',
  addControlledDrugProduct: 'the product added to the catalogue',
  recordStockReceipt: 'the stock received',
  recordStockCheck: 'the stock check',
  carryRegisterPageForward: 'the register page carried forward',
  correctRegisterEntry: 'the correction of the register',
  showReport: 'the report',
};
