/**
 * When a breath reading may be entered by hand: for a broken device only, one that is not working
 * now or that failed this visit's test. While the device works, the reading must come from it.
 * The handler refuses by this rule and the visit view offers the form by it, so the screen shows
 * the choice exactly when the host would accept it.
 */
import type { VisitSnapshot } from '../../../shared/visit/visit-steps.js';
import type { DeviceState } from '../../devices/breathalyser/breathalyser.js';

/** The profile name a reading entered by hand carries instead of a device's. */
export const manualEntryProfile = 'manual entry';

export function manualReadingAllowed(visit: VisitSnapshot, device: DeviceState): boolean {
  if (!visit.can({ type: 'breathTestStarted', at: visit.context.stageSince })) return false;
  if (device.busyWithVisitId === visit.context.visitId && device.status !== 'stalled') return false;
  return !['ready', 'awaitingResult'].includes(device.status) || visit.context.breath.lastError !== null;
}
