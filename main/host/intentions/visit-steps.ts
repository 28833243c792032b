/**
 * The visit's own steps that need no device, no witness and no central claim: identity, the
 * pre-dose check (pre-dose-check.ts), withholding, observations, discharge and ending the visit. Each is stamped,
 * attributed to the acting staff member, and decided by the visit's rules (shared/visit).
 */
import type { HandlerTable } from '../handler.js';
import { refused } from '../replies.js';
import { takeStep, type StepParts } from '../visits/take-step.js';
import { recordPreDoseCheck } from './pre-dose-check.js';

type VisitStepIntention = 'confirmIdentity' | 'recordPreDoseCheck' | 'withholdDose' | 'recordObservation' | 'dischargeVisit' | 'endVisit';

export const visitStepIntentions: HandlerTable<VisitStepIntention> = {
  confirmIdentity: (parts: StepParts, { visitId }, { at, actor }) => takeStep(parts, visitId, actor, { type: 'identityConfirmed', at }),
  recordPreDoseCheck,
  withholdDose: (parts: StepParts, { visitId, reason }, { at, actor }) =>
    reason === null || reason.trim() === ''
      ? refused('reasonNeeded', 'Give a reason for withholding the dose.')
      : takeStep(parts, visitId, actor, { type: 'doseWithheld', at, reason }),
  recordObservation: (parts: StepParts, { visitId, sedation, respiratoryRate, oxygenSaturation }, { at, actor }) =>
    takeStep(parts, visitId, actor, { type: 'observationRecorded', at, sedation, respiratoryRate, oxygenSaturation }),
  dischargeVisit: (parts: StepParts, { visitId }, { at, actor }) => takeStep(parts, visitId, actor, { type: 'visitDischarged', at }),
  endVisit: (parts: StepParts, { visitId, reason, note }, { at, actor }) =>
    takeStep(parts, visitId, actor, { type: 'visitEnded', at, reason, note }),
};
