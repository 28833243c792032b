/**
 * The breath test: started on the device, cancelled, its reading decided on by the nurse, or (for
 * a broken device only) a reading taken on another device entered by hand and witnessed. The
 * reading itself arrives from the device and is recorded by the host (host.ts), not by a screen.
 */
import {
  isPlausibleBreathReading, mostPlausibleBreathReading, roundReading, toMicrogramsPer100mlBreath, ukBloodBreathRatio, type BreathReading,
} from '../../../shared/breath/units.js';
import type { Reply } from '../../../shared/contract/index.js';
import type { Handler, HandlerTable } from '../handler.js';
import type { HostParts } from '../host-parts.js';
import { done, refused, visitNotOpenHere } from '../replies.js';
import { manualEntryProfile, whyReadingByHand } from '../visits/breath-test-rules.js';
import { takeStep, takeWitnessedStep, type StepParts } from '../visits/take-step.js';

type BreathTestParts = Pick<HostParts, 'registry' | 'breathalyser'>;

const startBreathTest: Handler<'startBreathTest', BreathTestParts> = (parts, { visitId }, { at, actor }): Reply => {
  const visit = parts.registry.get(visitId);
  if (!visit) return visitNotOpenHere();
  if (!visit.can({ type: 'breathTestStarted', at })) return refused('breathTestNotDue', 'A breath test is not due at this stage of the visit.');
  const device = parts.breathalyser.startTest(visitId);
  if (!device.ok) return refused(device.busy ? 'breathalyserBusy' : 'breathalyserNotReady', device.reason);
  // The device is bound before the step is written; if the write fails, free it again.
  try {
    const reply = takeStep(parts, visitId, actor, { type: 'breathTestStarted', at });
    if (!reply.ok) parts.breathalyser.cancelTest(visitId);
    return reply;
  } catch (error) {
    parts.breathalyser.cancelTest(visitId);
    throw error;
  }
};

const cancelBreathTest: Handler<'cancelBreathTest', BreathTestParts> = (parts, { visitId }) =>
  parts.breathalyser.cancelTest(visitId) ? done(visitId) : refused('breathTestNotRunning', 'No breath test is running for this visit.');

const recordManualBreathReading: Handler<'recordManualBreathReading', BreathTestParts & Pick<HostParts, 'staff' | 'reference'>> = (
  parts, intention, { at, actor },
) => {
  const visit = parts.registry.get(intention.visitId);
  if (!visit) return visitNotOpenHere();
  const deviceState = whyReadingByHand(visit, parts.breathalyser.state());
  if (deviceState === null) {
    return refused('breathalyserWorking',
      'The breathalyser is working: take the test with it. A reading entered by hand is for when the device is absent, broken or has failed this test (a cancelled test is not a failure).');
  }
  const { value, unit, device, reason, witnessId } = intention;
  // The bound a device's own figure meets (shared/breath/units.ts): a slip of the finger is not a breath either.
  if (!isPlausibleBreathReading(value, unit)) {
    return refused('implausibleBreathReading',
      `${value} ${unit} is more than any living person's breath can hold (at most ${mostPlausibleBreathReading[unit]} ${unit}): check the figure and its unit on the other device, and enter it again.`);
  }
  // A stalled test still holds the device: free it (its CANCELLED outcome is recorded first).
  parts.breathalyser.cancelTest(intention.visitId);
  const reading: BreathReading = {
    microgramsPer100mlBreath: roundReading(toMicrogramsPer100mlBreath(value, unit, ukBloodBreathRatio)),
    rawText: `${value} ${unit}, entered by hand from ${device}`,
    rawValue: value,
    rawUnit: unit,
    bloodBreathRatio: ukBloodBreathRatio,
    deviceProfile: manualEntryProfile,
    simulated: false,
  };
  return takeWitnessedStep(parts, intention.visitId, actor, witnessId, at, (staff) => ({ type: 'manualBreathReadingRecorded', at, reading, reason, staff, deviceState }));
};

const decideBreathReview: Handler<'decideBreathReview', StepParts> = (parts, { visitId, decision, reason }, { at, actor }) =>
  takeStep(parts, visitId, actor, { type: 'breathReviewDecided', at, decision, reason });

export const breathTestIntentions: HandlerTable<'startBreathTest' | 'cancelBreathTest' | 'recordManualBreathReading' | 'decideBreathReview'> = {
  startBreathTest, cancelBreathTest, recordManualBreathReading, decideBreathReview,
};
