/**
 * `mq3-ascii`: the `BAC:<value>` lines that common Arduino sketches for the MQ-3 alcohol sensor
 * print at 9600 baud (docs/breathalyser-protocols.md, "Built-in profiles"). Those sketches report %BAC
 * assuming a 2000:1 blood:breath ratio, have no start command, no status codes and no checksum,
 * and print with Serial.println (CR LF). An MQ-3 is a screening sensor, never evidential.
 */
import { DeviceProfile } from '../device-profile.js';

export const mq3Ascii: DeviceProfile = DeviceProfile.parse({
  id: 'mq3-ascii',
  displayName: 'MQ-3 sensor sketch (BAC lines)',
  baudRate: 9600,
  dataBits: 8,
  parity: 'none',
  stopBits: 1,
  terminator: '\r\n',
  maxLineLength: 64,
  startCommand: null,
  abortCommand: null,
  // No start command, so there is nothing to acknowledge: a reading during a test is that test's.
  resultFollowsAcknowledgement: false,
  checksum: 'none',
  lineRules: [
    // One integer digit is all a true %BAC reading needs; the parser refuses anything above 1.5
    // (shared/breath/units.ts). A sign is matched so a sensor drifting below zero is reported as a fault.
    { kind: 'result', pattern: 'BAC: ?(?<value>-?\\d(?:\\.\\d{1,4})?)' },
  ],
  defaultUnit: '%bac',
  bloodBreathRatio: 2000,
  screeningOnly: true,
  // The sketch has no ready, blowing or error lines: the emulator can play results and faults of the cable only.
  emulation: { result: 'BAC:{result}' },
});
