/**
 * A breathalyser's serial protocol, as data.
 *
 * No vendor publishes its record format, so a clinic learns it from the vendor or from a capture
 * and writes it down as a profile (docs/breathalyser-protocols.md). Device support is therefore data,
 * validated here, never code: adding a device must not need a release. This file owns only the
 * shape of that data; reading lines is line-parser.ts, talking to the port is transport/.
 */
import { z } from 'zod';
import { BreathUnit } from '../../../shared/breath/units.js';
import { BreathErrorCode } from '../../../shared/visit/visit-events.js';

/** Codes a device may report itself; NO_DEVICE, DEVICE_LOST and CANCELLED are the kiosk's to say, never a device's. */
export const DeviceErrorCode = BreathErrorCode.exclude(['NO_DEVICE', 'DEVICE_LOST', 'CANCELLED']);
export type DeviceErrorCode = z.infer<typeof DeviceErrorCode>;

// Windows reports USB ids upper-case and Linux lower-case: store them one way so matching is a plain compare.
const usbId = z
  .string()
  .regex(/^[0-9a-fA-F]{4}$/, 'A USB vendor or product id is four hexadecimal digits.')
  .transform((id) => id.toLowerCase());

export const LineKind = z.enum(['ready', 'blowing', 'result', 'status', 'ignore']);
export type LineKind = z.infer<typeof LineKind>;

function isRegularExpression(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

function namesGroup(pattern: string, group: 'value' | 'unit' | 'code'): boolean {
  return pattern.includes(`(?<${group}>`);
}

/**
 * One kind of line the device sends. The pattern must match the whole line (the parser anchors it)
 * and names its parts with the groups `value`, `unit` and `code`.
 */
export const LineRule = z
  .strictObject({
    pattern: z.string().min(1).max(500).refine(isRegularExpression, 'The pattern is not a valid regular expression.'),
    kind: LineKind,
  })
  .superRefine((rule, context) => {
    if (rule.kind === 'result' && !namesGroup(rule.pattern, 'value')) {
      context.addIssue({ code: 'custom', path: ['pattern'], message: 'A result rule needs a named group "value".' });
    }
    if (rule.kind === 'status' && !namesGroup(rule.pattern, 'code')) {
      context.addIssue({ code: 'custom', path: ['pattern'], message: 'A status rule needs a named group "code".' });
    }
  });
export type LineRule = z.infer<typeof LineRule>;

const isAscii = (text: string): boolean => /^[\x20-\x7e\r\n\t]*$/.test(text);

const command = z.string().min(1).max(64).refine(isAscii, 'A command is printable ASCII.');

/**
 * Lines the emulator sends to play this device. `{result}` and `{code}` are filled in per test.
 * Optional: a profile for a real device works without it; only the emulator needs it. Only the
 * result line is required, since some devices (an MQ-3 sketch) say nothing but their reading.
 */
export const EmulationLines = z.strictObject({
  ready: z.string().min(1).max(64).optional(),
  blowing: z.string().min(1).max(64).optional(),
  result: z.string().min(1).max(64).refine((line) => line.includes('{result}'), 'The result line needs "{result}".'),
  error: z.string().min(1).max(64).refine((line) => line.includes('{code}'), 'The error line needs "{code}".').optional(),
});
export type EmulationLines = z.infer<typeof EmulationLines>;

export const DeviceProfile = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'A profile id is lower-case letters, digits and dashes.'),
    displayName: z.string().min(1).max(80),
    usb: z.strictObject({ vendorId: usbId, productId: usbId }).optional(),
    baudRate: z.number().int().min(300).max(4_000_000),
    dataBits: z.union([z.literal(5), z.literal(6), z.literal(7), z.literal(8)]),
    parity: z.enum(['none', 'even', 'odd']),
    stopBits: z.union([z.literal(1), z.literal(1.5), z.literal(2)]),
    terminator: z.string().min(1).max(4).refine(isAscii, 'The terminator is ASCII.'),
    // A device that never sends a terminator must not grow a buffer without bound; 256 is the
    // longest rawText a BreathReading may keep.
    maxLineLength: z.number().int().min(8).max(256),
    startCommand: command.nullable(),
    abortCommand: command.nullable(),
    /**
     * The device answers the start command with a ready or blowing line before any result; a
     * result before that belongs to an earlier test. The line protocol carries no test id, so
     * this is the only way to tell a late reading from a test the kiosk already gave up on (and
     * told to abort) from the reading of the test now waiting. Required, not defaulted: whoever
     * writes a profile must say what their device does, since guessing wrong either credits a
     * stale reading to the next visit or leaves every test unacknowledged until it times out.
     */
    resultFollowsAcknowledgement: z.boolean(),
    /**
     * How long a started test may go without the device's ready or blowing line before staff are
     * told it has stalled. Only used when the device acknowledges a start (acknowledgesStart).
     * A device busy with a previous test or asleep says nothing, and staff should not wait out
     * the whole result time to find out.
     */
    acknowledgeWithinSeconds: z.number().min(1).max(120).optional(),
    checksum: z.enum(['nmea-xor', 'none']),
    /**
     * A device's own status texts mapped to the kiosk's codes, e.g. { "02": "BLOW_INTERRUPTED" } for
     * a device that prints "Err 02". Without it, a status rule's `code` group must capture the
     * kiosk's code itself (as kiosk-line-v1 does). A code in neither is rejected, never guessed.
     */
    statusCodes: z.record(z.string().min(1).max(32), DeviceErrorCode).optional(),
    // Ordered: the first rule whose pattern matches the whole line decides what the line is.
    lineRules: z.array(LineRule).min(1),
    defaultUnit: BreathUnit,
    // UK 2300, US 2100, cheap MQ-3 kits 2000; bounded so a typo cannot turn %BAC into nonsense.
    bloodBreathRatio: z.number().min(1500).max(3000),
    // A screening device's figure guides staff but is not evidential.
    screeningOnly: z.boolean(),
    emulation: EmulationLines.optional(),
  })
  .superRefine((profile, context) => {
    for (const key of ['startCommand', 'abortCommand'] as const) {
      if (profile[key]?.includes(profile.terminator)) {
        context.addIssue({ code: 'custom', path: [key], message: 'A command must not contain the line terminator.' });
      }
    }
    if (!profile.resultFollowsAcknowledgement) return;
    // Without these, no test could ever be acknowledged and every reading would go to no one.
    if (profile.startCommand === null) {
      context.addIssue({
        code: 'custom',
        path: ['resultFollowsAcknowledgement'],
        message: 'A device can only acknowledge a start command the kiosk sends: set startCommand, or set this to false.',
      });
    }
    if (!profile.lineRules.some((rule) => rule.kind === 'ready' || rule.kind === 'blowing')) {
      context.addIssue({
        code: 'custom',
        path: ['resultFollowsAcknowledgement'],
        message: 'The device acknowledges with a ready or blowing line: add a rule for one, or set this to false.',
      });
    }
  });
export type DeviceProfile = z.infer<typeof DeviceProfile>;
export type DeviceProfileInput = z.input<typeof DeviceProfile>;

/** The device answers a start command with a ready or blowing line, so its silence means something. */
export function acknowledgesStart(profile: DeviceProfile): boolean {
  return profile.startCommand !== null && profile.lineRules.some((rule) => rule.kind === 'ready' || rule.kind === 'blowing');
}

/** The port settings a profile asks for, as serialport's open options take them. */
export function serialSettings(profile: DeviceProfile) {
  return { baudRate: profile.baudRate, dataBits: profile.dataBits, parity: profile.parity, stopBits: profile.stopBits };
}
