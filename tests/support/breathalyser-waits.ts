import type { Breathalyser, BreathOutcomeFromDevice, DeviceState, DeviceStatus } from '../../main/devices/breathalyser/breathalyser.js';

/** Resolves when the device reaches a status (at once if it is there): tests wait on events, never sleeps. */
export function untilStatus(device: Breathalyser, status: DeviceStatus): Promise<DeviceState> {
  return new Promise((resolve) => {
    if (device.state().status === status) return resolve(device.state());
    const stop = device.onChange((state) => {
      if (state.status !== status) return;
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
