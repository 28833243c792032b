/**
 * What one line from a breathalyser means, by its profile: a pure function, so it can be tested
 * with tables and fuzzed without a device.
 *
 * The clinical rule is that line noise never becomes a reading: a wrong checksum, a line that
 * matches no rule, or a value that is not a plain number is 'rejected' with the reason, never
 * guessed at (docs/breathalyser-protocols.md). A well-formed result no breath could give (below
 * zero, or above the ceiling in shared/breath/units.ts) is the device's fault, so it is a device
 * error the visit is told of, not a reading.
 */
import { BreathReading, BreathUnit, isPlausibleBreathReading, roundReading, toMicrogramsPer100mlBreath } from '../../../shared/breath/units.js';
import type { BreathErrorCode } from '../../../shared/visit/visit-events.js';
import { breathTestFailureWords, implausibleReadingWords } from './breath-test-words.js';
import { DeviceErrorCode, type DeviceProfile, type LineRule } from './device-profile.js';
import { checkNmeaXorChecksum } from './line-checksum.js';

export type ParsedLine =
  | { kind: 'ready' }
  | { kind: 'blowing' }
  | { kind: 'reading'; reading: BreathReading }
  | { kind: 'deviceError'; code: BreathErrorCode; message: string }
  | { kind: 'rejected'; why: string };

export interface LineContext {
  /** True when the line came from the emulator: carried on every reading so it is never mistaken for a real test. */
  simulated: boolean;
}

interface CompiledRule {
  rule: LineRule;
  wholeLine: RegExp;
}

// Profiles are immutable data; compiling their patterns once per profile keeps parseLine cheap.
const compiledRules = new WeakMap<DeviceProfile, CompiledRule[]>();

function rulesOf(profile: DeviceProfile): CompiledRule[] {
  let compiled = compiledRules.get(profile);
  if (!compiled) {
    compiled = profile.lineRules.map((rule) => ({ rule, wholeLine: new RegExp(`^(?:${rule.pattern})$`) }));
    compiledRules.set(profile, compiled);
  }
  return compiled;
}

// A sign is let through so a negative figure is reported as the device fault it is, not dropped as noise.
const plainDecimal = /^-?\d{1,9}(?:\.\d{1,6})?$/;

function readingFrom(
  profile: DeviceProfile,
  line: string,
  groups: Record<string, string | undefined>,
  context: LineContext,
): ParsedLine {
  const valueText = groups['value'] ?? '';
  // Number() would accept "0x1F", "1e3" and "Infinity"; a device reading is only ever a plain decimal.
  if (!plainDecimal.test(valueText)) return { kind: 'rejected', why: `The value "${valueText}" is not a plain number.` };
  const unitText = groups['unit'];
  const unit = unitText === undefined ? profile.defaultUnit : BreathUnit.safeParse(unitText.toLowerCase()).data;
  if (unit === undefined) return { kind: 'rejected', why: `The unit "${unitText ?? ''}" is not one the kiosk knows.` };
  const rawValue = Number(valueText);
  // Checked here, where every profile's reading is made (built-in or a clinic's), so none skips it.
  // A signed figure is never a measurement, "-0" included (Number gives -0, which passes as >= 0).
  if (valueText.startsWith('-') || !isPlausibleBreathReading(rawValue, unit)) return { kind: 'deviceError', code: 'SENSOR_FAULT', message: implausibleReadingWords(rawValue, unit) };
  const reading = BreathReading.safeParse({
    microgramsPer100mlBreath: roundReading(toMicrogramsPer100mlBreath(rawValue, unit, profile.bloodBreathRatio)),
    rawText: line,
    rawValue,
    rawUnit: unit,
    bloodBreathRatio: profile.bloodBreathRatio,
    deviceProfile: profile.id,
    simulated: context.simulated,
  });
  if (!reading.success) return { kind: 'rejected', why: 'The reading does not make a valid breath reading.' };
  return { kind: 'reading', reading: reading.data };
}

function deviceErrorFrom(profile: DeviceProfile, groups: Record<string, string | undefined>): ParsedLine {
  const said = groups['code'] ?? '';
  // Own keys only: a device printing "constructor" must not reach Object.prototype.
  const mapped = profile.statusCodes && Object.hasOwn(profile.statusCodes, said) ? profile.statusCodes[said] : said;
  const code = DeviceErrorCode.safeParse(mapped);
  if (!code.success) return { kind: 'rejected', why: `The status code "${groups['code'] ?? ''}" is not one the kiosk knows.` };
  return { kind: 'deviceError', code: code.data, message: breathTestFailureWords[code.data] };
}

function meaningOf(profile: DeviceProfile, line: string, body: string, context: LineContext): ParsedLine {
  for (const { rule, wholeLine } of rulesOf(profile)) {
    const match = wholeLine.exec(body);
    if (!match) continue;
    const groups = match.groups ?? {};
    switch (rule.kind) {
      case 'ready':
        return { kind: 'ready' };
      case 'blowing':
        return { kind: 'blowing' };
      case 'result':
        return readingFrom(profile, line, groups, context);
      case 'status':
        return deviceErrorFrom(profile, groups);
      case 'ignore':
        return { kind: 'rejected', why: 'The profile marks this line as one to ignore.' };
    }
  }
  return { kind: 'rejected', why: 'The line matches none of the profile\'s rules.' };
}

export function parseLine(profile: DeviceProfile, line: string, context: LineContext = { simulated: false }): ParsedLine {
  if (line.length > profile.maxLineLength) {
    return { kind: 'rejected', why: `The line is longer than the profile's ${profile.maxLineLength} bytes.` };
  }
  if (profile.checksum === 'none') return meaningOf(profile, line, line, context);
  const checked = checkNmeaXorChecksum(line);
  if (!checked.ok) return { kind: 'rejected', why: checked.why };
  return meaningOf(profile, line, checked.body, context);
}
