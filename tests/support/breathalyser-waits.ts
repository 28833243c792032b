import type { Breathalyser, BreathOutcomeFromDevice, DeviceState, DeviceStatus } from '../../main/devices/breathalyser/breathalyser.js';

/**
 * Resolves when the device reaches a status (at once if it is there): tests wait on events, never
 * sleeps. A wait that never ends fails with the statuses the device went through instead, so a
 * hang says where it hung.
 */
export function untilStatus(device: Breathalyser, status: DeviceStatus, withinMs = 20_000): Promise<DeviceState> {
  return new Promise((resolve, reject) => {
    if (device.state().status === status) return resolve(device.state());
    const seen: string[] = [device.state().status];
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`The breathalyser never reached "${status}" within ${withinMs} ms; it went ${seen.join(' -> ')}.`));
    }, withinMs);
    const stop = device.onChange((state) => {
      seen.push(state.status);
      if (state.status !== status) return;
      clearTimeout(timer);
      stop();
      resolve(state);
    });
  });
}

/**
 * Resolves with the device's next outcome. Its own time limit sits below the 30 s test timeout, so
 * a hang fails with the status the device was stuck in rather than a bare timeout.
 */
export function nextOutcome(device: Breathalyser, withinMs = 25_000): Promise<BreathOutcomeFromDevice> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`No breath outcome came within ${withinMs} ms; the breathalyser is "${device.state().status}": ${device.state().words}`));
    }, withinMs);
    // A test that already failed before awaiting this must not be kept alive by it.
    timer.unref();
    const stop = device.onOutcome((outcome) => {
      clearTimeout(timer);
      stop();
      resolve(outcome);
    });
  });
}
