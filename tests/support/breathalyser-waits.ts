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

export function nextOutcome(device: Breathalyser): Promise<BreathOutcomeFromDevice> {
  return new Promise((resolve) => {
    const stop = device.onOutcome((outcome) => {
      stop();
      resolve(outcome);
    });
  });
}
