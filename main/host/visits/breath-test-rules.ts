/**
 * When a breath reading may be entered by hand: only when the kiosk's own device cannot give one,
 * because it is absent, broken, or failed this test. Cancelling a test on a working device is not
 * a failure: the reading must still come from the device. The handler refuses by this rule and the
 * visit view offers the form by it, so the screen shows the choice exactly when the host would
 * accept it, and the ledger records which of the three it was.
 */
import type { BreathErrorCode } from '../../../shared/visit/visit-events.js';
import type { VisitSnapshot } from '../../../shared/visit/visit-steps.js';
import type { DeviceState } from '../../devices/breathalyser/breathalyser.js';

/** The profile name a reading entered by hand carries instead of a device's. */
export const manualEntryProfile = 'manual entry';

export type WhyByHand = 'absent' | 'broken' | 'failedThisTest';

const absentStatuses: ReadonlySet<DeviceState['status']> = new Set(['notConfigured', 'unavailable', 'discovering', 'lost']);

// What the device's last error says about it: gone, in need of repair, or this blow did not work.
const errorMeans: Record<BreathErrorCode, WhyByHand | null> = {
  NO_DEVICE: 'absent', DEVICE_LOST: 'absent',
  SENSOR_FAULT: 'broken', CALIBRATION_DUE: 'broken', LOW_BATTERY: 'broken',
  NO_SAMPLE: 'failedThisTest', BLOW_INTERRUPTED: 'failedThisTest', TIMEOUT: 'failedThisTest', SUCK_BACK: 'failedThisTest',
  BLANK_FAILED: 'failedThisTest', TEMPERATURE: 'failedThisTest',
  CANCELLED: null,
};

/** Why the device's reading cannot be had for this visit now, or null while it can. */
export function whyReadingByHand(visit: VisitSnapshot, device: DeviceState): WhyByHand | null {
  if (!visit.can({ type: 'breathTestStarted', at: visit.context.stageSince })) return null;
  // A device that stopped answering mid-test is broken, whoever it is bound to.
  if (device.status === 'stalled') return 'broken';
  if (device.busyWithVisitId === visit.context.visitId) return null;
  if (absentStatuses.has(device.status)) return 'absent';
  const lastError = visit.context.breath.lastError;
  return lastError === null ? null : errorMeans[lastError.code];
}

export function manualReadingAllowed(visit: VisitSnapshot, device: DeviceState): boolean {
  return whyReadingByHand(visit, device) !== null;
}
