/**
 * Why a step was refused, as a stable code beside the sentence a person reads. The sentence is for
 * the nurse and may be reworded; the code is for the screen (which can tell one refusal from
 * another without reading prose) and for tests. A new refusal needs a new code here: the list is
 * the contract's, so adding one is a contract change that both sides see.
 */
import { z } from 'zod';

export const refusalCodes = [
  // The door: the message itself, who sent it, and a write that failed.
  'notUnderstood', 'notRecorded', 'signInFirst', 'notSignedInHere', 'roleNotAllowed', 'signInRefused', 'lockedOut',
  'signOutOthersNotAllowed', 'reportNotAllowed', 'requestIdReused', 'ledgerBehindCentral',
  // Staff and the two-person rule.
  'witnessIsActor', 'witnessNotSignedIn', 'witnessRoleNotAllowed', 'wrongPin', 'pinNeeded', 'badgeTaken', 'onlyClinicLead',
  'badgeNotLocked',
  // Who and what is known here.
  'notEnrolled', 'notSetUp', 'noPrescription',
  // Check-in.
  'openVisitExists', 'sessionClosed', 'missedSessionsBlock', 'withheldThisSession', 'dosedThisSession', 'sessionsPerDayUsed',
  'dailyMaximumReached', 'tooSoonAfterLastDose',
  // A visit's steps.
  'visitNotOpen', 'visitClosed', 'stepNotOpen', 'reasonNeeded', 'sedationWithholds', 'prescriberAgreementNeeded',
  'reducedDoseNotPrescribed', 'reducedDoseOutOfRange', 'overdoseResponseOpen', 'overdoseResponseNotOpen', 'wrongDrug',
  'overDoseTarget', 'overDailyMaximum', 'moreThanDrawn', 'routeNotPrescribed', 'routeNotGivenHere', 'wrongInjectionSite',
  'pairChanged', 'amountsDoNotBalance', 'doseUnaccounted', 'observationTimeLeft', 'observationNeeded', 'observationNotSafe',
  'oxygenSaturationNeeded', 'noDoseGiven', 'prescriptionStopped', 'dosedElsewhere',
  // Judged again when the dose is prepared and given (time passes, rules and prescriptions change).
  'sessionOver', 'sessionNoLongerInRules', 'drawnDoseNoLongerAllowed', 'breathWithholds', 'breathReviewNeeded',
  'naloxoneGivenThisSession', 'earlierFindingNeedsReason', 'observationAfterResponseNeeded', 'notAPrescriber', 'noNaloxoneGiven',
  // The breath test.
  'breathTestNotDue', 'breathTestNotRunning', 'breathTestNotAsked', 'breathTestNotNeeded', 'breathalyserWorking', 'implausibleBreathReading',
  'breathalyserNotReady', 'breathalyserBusy',
  // Records: prescriptions, site rules, stock, incidents.
  'prescriptionTermsRefused', 'prescriptionOverlaps', 'prescriptionNotActive', 'notPausedForMissedSessions',
  'siteRulesRefused', 'siteRulesVersionStale', 'siteRulesAlreadyApproved', 'siteRulesOwnChange', 'stockCountDiffers', 'incidentNotOpen',
  // The controlled-drug register: the catalogue decides the section, and no balance goes below zero.
  'unknownProduct', 'productAlreadyInCatalogue', 'productNotPrescribed', 'notEnoughStock', 'expiredStock', 'partAmpoule',
  'registerPageClosed', 'noSuchRegisterEntry', 'witnessNotAuthorised',
  // The register printed: a section or span it does not have, or a file the kiosk could not write.
  'noSuchRegisterSection', 'printoutNotSaved',
] as const;

export const RefusalCode = z.enum(refusalCodes);
export type RefusalCode = z.infer<typeof RefusalCode>;

export interface Refusal {
  code: RefusalCode;
  reason: string;
}

export function refusal(code: RefusalCode, reason: string): Refusal {
  return { code, reason };
}

/** Several refusals as the one paragraph a nurse reads. */
export function reasonsOf(refusals: readonly Refusal[]): string {
  return refusals.map((each) => each.reason).join(' ');
}
