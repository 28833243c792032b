/**
 * `kiosk-line-v1`: the product's own line protocol (docs/breathalyser-protocols.md, "Built-in profiles"),
 * spoken by the emulator and by any device behind a small adapter. Kept as plain data and passed
 * through the same schema a clinic's own profile goes through, so the built-in gets no special path.
 */
import { DeviceProfile } from '../device-profile.js';

export const kioskLineV1: DeviceProfile = DeviceProfile.parse({
  id: 'kiosk-line-v1',
  displayName: 'Kiosk line protocol v1',
  baudRate: 9600,
  dataBits: 8,
  parity: 'none',
  stopBits: 1,
  terminator: '\r\n',
  maxLineLength: 128,
  startCommand: 'START',
  abortCommand: 'ABORT',
  // Part of the protocol (see this folder's README): START is answered with READY before any RESULT.
  resultFollowsAcknowledgement: true,
  // The protocol answers START at once; ten seconds covers a device still finishing a self-test.
  acknowledgeWithinSeconds: 10,
  checksum: 'nmea-xor',
  lineRules: [
    { kind: 'ready', pattern: 'READY' },
    { kind: 'blowing', pattern: 'BLOW' },
    {
      kind: 'result',
      // The sign is matched so a negative figure reaches the parser's bound and is reported as the device fault it is.
      pattern: 'RESULT (?<value>-?\\d{1,6}(?:\\.\\d{1,4})?) (?<unit>ug/100ml|mg/l|ug/l|g/210l|%bac)',
    },
    {
      kind: 'status',
      pattern:
        'ERROR (?<code>NO_SAMPLE|BLOW_INTERRUPTED|TIMEOUT|SUCK_BACK|BLANK_FAILED|LOW_BATTERY|CALIBRATION_DUE|SENSOR_FAULT|TEMPERATURE)',
    },
  ],
  defaultUnit: 'ug/100ml',
  bloodBreathRatio: 2300,
  screeningOnly: false,
  emulation: { ready: 'READY', blowing: 'BLOW', result: 'RESULT {result}', error: 'ERROR {code}' },
});
