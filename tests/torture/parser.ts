/**
 * Part 4, parser: generated input through the real line splitter and parser of every profile
 * (kiosk-line-v1, mq3-ascii and the example clinic profile in tests/fixtures): valid lines, near
 * misses (one byte changed, added or dropped, wrong or malformed checksums, wrong case, numbers
 * too long, "1e3", "0x1F", "Infinity", negatives), huge numbers, random bytes and over-long lines,
 * joined into streams and cut into random chunks. Each line the splitter gives must be the one an
 * independent reading of the stream gives; a line becomes a reading exactly when an independent
 * reading of the profile's grammar says it is a plausible one (mostPlausibleBreathReading, from
 * shared/breath/units.ts), with that value; no exception escapes; the splitter never holds more
 * than its bound. Then some of the same lines go down the device path: a socat pty, the real
 * serialport binding and the serial breathalyser, where only the one valid reading sent after the
 * noise of each test may come back.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startPtyPair } from '../../main/devices/breathalyser/emulator/pty-pair.js';
import { DeviceProfile } from '../../main/devices/breathalyser/device-profile.js';
import { nmeaXorChecksum } from '../../main/devices/breathalyser/line-checksum.js';
import { parseLine } from '../../main/devices/breathalyser/line-parser.js';
import { createLineSplitter } from '../../main/devices/breathalyser/line-splitter.js';
import { kioskLineV1 } from '../../main/devices/breathalyser/profiles/kiosk-line-v1.js';
import { mq3Ascii } from '../../main/devices/breathalyser/profiles/mq3-ascii.js';
import { openSerialBreathalyser } from '../../main/devices/breathalyser/serial-breathalyser.js';
import { mostPlausibleBreathReading, type BreathUnit } from '../../shared/breath/units.js';
import { nextOutcome, untilStatus } from '../support/breathalyser-waits.js';
import { projectRoot } from './kiosk-process.js';
import { count, Failures, minutesSince, type PartResult, type Progress } from './part-result.js';
import type { Random } from './random.js';

export interface ParserOptions { inputs: number; rng: Random; progress: Progress; ptyTests?: number }

/** What a line means by the protocol's own description, read independently of the parser. */
type Meaning = { kind: 'reading'; value: number; unit: BreathUnit } | { kind: 'implausible' } | { kind: 'other' };

interface Grammar {
  profile: DeviceProfile;
  meaning(line: string): Meaning;
  /** A well-formed reading line for this value. */
  reading(rng: Random): string;
}

const units = ['ug/100ml', 'mg/l', 'ug/l', 'g/210l', '%bac'] as const;

function judged(value: number, unit: BreathUnit): Meaning {
  return value <= mostPlausibleBreathReading[unit] ? { kind: 'reading', value, unit } : { kind: 'implausible' };
}

// docs/breathalyser-protocols.md: `RESULT <value> <unit>`, an optional `*HH` XOR checksum over the bytes before it.
const kioskLineResult = /^RESULT ([0-9]{1,6}(?:\.[0-9]{1,4})?) (ug\/100ml|mg\/l|ug\/l|g\/210l|%bac)$/;
function xorOf(text: string): number {
  let xor = 0;
  for (let index = 0; index < text.length; index += 1) xor ^= text.charCodeAt(index) & 0xff;
  return xor;
}

const kioskLine: Grammar = {
  profile: kioskLineV1,
  meaning(line) {
    if (line.length > 128) return { kind: 'other' };
    let body = line;
    const star = line.lastIndexOf('*');
    if (star !== -1) {
      const written = line.slice(star + 1);
      if (!/^[0-9A-Fa-f]{2}$/.test(written) || parseInt(written, 16) !== xorOf(line.slice(0, star))) return { kind: 'other' };
      body = line.slice(0, star);
    }
    const match = kioskLineResult.exec(body);
    return match ? judged(Number(match[1]), match[2] as BreathUnit) : { kind: 'other' };
  },
  reading(rng) {
    const unit = rng.pick(units);
    const value = decimal(rng, mostPlausibleBreathReading[unit], 4);
    const body = `RESULT ${value} ${unit}`;
    return rng.chance(0.7) ? `${body}*${nmeaXorChecksum(body)}` : body;
  },
};

// The MQ-3 sketches print `BAC:<d.dddd>` (one integer digit), optionally with a space, no checksum.
const mq3: Grammar = {
  profile: mq3Ascii,
  meaning(line) {
    const match = line.length <= 64 ? /^BAC: ?([0-9](?:\.[0-9]{1,4})?)$/.exec(line) : null;
    return match ? judged(Number(match[1]), '%bac') : { kind: 'other' };
  },
  reading(rng) {
    return `BAC:${rng.chance(0.3) ? ' ' : ''}${decimal(rng, 1.5, 4, 9)}`;
  },
};

const exampleProfile = DeviceProfile.parse(JSON.parse(readFileSync(join(projectRoot, 'tests/fixtures/breathalyser/example-desk-breathalyser.profile.json'), 'utf8')));
const exampleDesk: Grammar = {
  profile: exampleProfile,
  meaning(line) {
    const match = line.length <= 64 ? /^Result: ([0-9]\.[0-9]{3}) mg\/L$/.exec(line) : null;
    return match ? judged(Number(match[1]), 'mg/l') : { kind: 'other' };
  },
  reading(rng) {
    return `Result: ${rng.int(0, 9)}.${String(rng.int(0, 999)).padStart(3, '0')} mg/L`;
  },
};

const grammars: readonly Grammar[] = [kioskLine, mq3, exampleDesk];

/** A plain decimal up to about `most` (sometimes past it), at most `places` decimals and `maxInteger` as the integer part's top. */
function decimal(rng: Random, most: number, places: number, maxInteger = Number.MAX_SAFE_INTEGER): string {
  const value = Math.min(maxInteger, rng.chance(0.9) ? rng.next() * most : rng.next() * most * 20);
  const digits = rng.int(0, places);
  return digits === 0 ? String(Math.floor(value)) : value.toFixed(digits);
}

// Lines are bytes (one latin1 character each), so Arabic-Indic digits go in as their UTF-8 bytes, as a device would send them.
const nasties = ['1e3', '0x1F', 'Infinity', 'NaN', '-1', '-0', '-0.0', '-0.5', '.5', '5.', '1,5', Buffer.from('١٢', 'utf8').toString('latin1'),
  '12345678901234567890', '9'.repeat(400), '1.00000000001', ' 12', '12 ', '+3'];

/** One line, near or far from valid, with what it was made as (for the figures). */
function generatedLine(grammar: Grammar, rng: Random): { line: string; made: string } {
  const valid = grammar.reading(rng);
  const roll = rng.next();
  if (roll < 0.25) return { line: valid, made: 'valid' };
  if (roll < 0.55) {
    const chars = [...valid];
    const at = rng.int(0, chars.length - 1);
    const op = rng.int(0, 3);
    if (op === 0) chars[at] = String.fromCharCode(rng.int(0, 255));
    else if (op === 1) chars.splice(at, 0, String.fromCharCode(rng.int(0, 255)));
    else if (op === 2) chars.splice(at, 1);
    // Letters only, in ASCII: 'ß'.toUpperCase() is two characters and 'ÿ' leaves latin1.
    else if (/[A-Za-z]/.test(chars[at]!)) chars[at] = chars[at]! === chars[at]!.toUpperCase() ? chars[at].toLowerCase() : chars[at]!.toUpperCase();
    return { line: chars.join(''), made: 'one byte off' };
  }
  if (roll < 0.65) {
    const star = valid.lastIndexOf('*');
    const body = star === -1 ? valid : valid.slice(0, star);
    const bad = rng.pick([`*${rng.int(0, 255).toString(16).padStart(2, '0').toUpperCase()}`, '*', '*G1', '*123', `*${nmeaXorChecksum(body).toLowerCase()}`]);
    return { line: body + bad, made: 'checksum' };
  }
  if (roll < 0.8) {
    const number = /[0-9]+(?:\.[0-9]+)?/.exec(valid);
    const replacement = rng.chance(0.5) ? rng.pick(nasties) : String(rng.int(1, 9)).repeat(rng.int(1, 30)) + (rng.chance(0.5) ? `.${'7'.repeat(rng.int(1, 12))}` : '');
    return { line: number ? valid.replace(number[0], replacement) : replacement, made: 'odd number' };
  }
  if (roll < 0.95) return { line: rng.bytes(rng.int(0, 80)).toString('latin1'), made: 'random bytes' };
  return { line: valid.repeat(rng.int(2, 20)), made: 'over-long' };
}

/** The lines a stream holds, read independently: split at each terminator, over-long ones dropped. */
function linesOf(stream: string, terminator: string, maxLength: number): { lines: string[]; rest: string } {
  const parts = stream.split(terminator);
  const rest = parts.pop() ?? '';
  return { lines: parts.filter((line) => line.length <= maxLength), rest };
}

function chunksOf(bytes: Buffer, rng: Random): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length;) {
    const size = rng.chance(0.2) ? 1 : rng.int(1, 300);
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

interface Tally { inputs: number; lines: number; readings: number; implausible: number; wrongSplits: number; wrongMeanings: number; thrown: number; made: Map<string, number>; mostHeld: number }

function fuzzStream(grammar: Grammar, rng: Random, tally: Tally, failures: Failures, lineCount: number): void {
  const { profile } = grammar;
  const pieces: string[] = [];
  for (let index = 0; index < lineCount; index += 1) {
    const { line, made } = generatedLine(grammar, rng);
    tally.made.set(made, (tally.made.get(made) ?? 0) + 1);
    // Sometimes no terminator, so a line runs into the next; sometimes a bare CR or LF.
    pieces.push(line, rng.chance(0.9) ? profile.terminator : rng.pick(['', '\r', '\n']));
  }
  tally.inputs += lineCount;
  const stream = pieces.join('');
  const expected = linesOf(stream, profile.terminator, profile.maxLineLength).lines;
  const splitter = createLineSplitter({ terminator: profile.terminator, maxLineLength: profile.maxLineLength });
  const got: string[] = [];
  const bound = profile.maxLineLength + profile.terminator.length - 1;
  try {
    for (const chunk of chunksOf(Buffer.from(stream, 'latin1'), rng)) {
      got.push(...splitter.feed(chunk).lines);
      tally.mostHeld = Math.max(tally.mostHeld, splitter.heldBytes());
      if (splitter.heldBytes() > bound) failures.add('memory', `${profile.id}: the splitter held ${splitter.heldBytes()} bytes, past its bound of ${bound}`);
    }
  } catch (error) {
    tally.thrown += 1;
    failures.add('thrown', `${profile.id}: the splitter threw ${String(error)}`);
    return;
  }
  if (got.length !== expected.length || got.some((line, index) => line !== expected[index])) {
    tally.wrongSplits += 1;
    const at = got.findIndex((line, index) => line !== expected[index]);
    failures.add('split', `${profile.id}: line ${at} came out as ${JSON.stringify(got[at])}, the stream holds ${JSON.stringify(expected[at])}`);
  }
  for (const line of got) {
    tally.lines += 1;
    let parsed: ReturnType<typeof parseLine>;
    try {
      parsed = parseLine(profile, line);
    } catch (error) {
      tally.thrown += 1;
      failures.add('thrown', `${profile.id}: parseLine threw ${String(error)} on ${JSON.stringify(line)}`);
      continue;
    }
    const meant = grammar.meaning(line);
    if (parsed.kind === 'reading') {
      tally.readings += 1;
      const { rawValue, rawUnit, microgramsPer100mlBreath, rawText } = parsed.reading;
      const plausible = Number.isFinite(rawValue) && rawValue >= 0 && rawValue <= mostPlausibleBreathReading[rawUnit] && Number.isFinite(microgramsPer100mlBreath) && microgramsPer100mlBreath >= 0;
      if (!plausible) failures.add('implausible', `${profile.id}: ${JSON.stringify(line)} became a reading of ${rawValue} ${rawUnit}`);
      if (meant.kind !== 'reading' || meant.value !== rawValue || meant.unit !== rawUnit || rawText !== line) {
        tally.wrongMeanings += 1;
        failures.add('malformed', `${profile.id}: ${JSON.stringify(line)} became a reading of ${rawValue} ${rawUnit}; by the protocol it is ${meant.kind === 'reading' ? `${meant.value} ${meant.unit}` : meant.kind}`);
      }
    } else if (meant.kind === 'reading') {
      tally.wrongMeanings += 1;
      failures.add('missed', `${profile.id}: ${JSON.stringify(line)} is a reading of ${meant.value} ${meant.unit} by the protocol, but the parser said ${parsed.kind}${parsed.kind === 'rejected' ? `: ${parsed.why}` : ''}`);
    } else if (meant.kind === 'implausible') {
      tally.implausible += 1;
      if (parsed.kind !== 'deviceError') failures.add('implausible', `${profile.id}: ${JSON.stringify(line)} is past the plausible range, but the parser said ${parsed.kind}, not a device fault`);
    }
  }
}

/** Down the device path: per test, noise that is no reading, then one reading only the test may get. */
async function throughPty(grammar: Grammar, tests: number, rng: Random, failures: Failures): Promise<number> {
  const folder = mkdtempSync(join(tmpdir(), 'torture-pty-'));
  const pair = await startPtyPair(join(folder, 'kiosk'), join(folder, 'device'));
  const device = openSerialBreathalyser({ path: pair.kioskPath, profile: grammar.profile, simulated: false, resultTimeoutMs: 10_000, logger: pino({ level: 'silent' }) });
  const end = openSync(pair.devicePath, 'r+');
  let passed = 0;
  try {
    await untilStatus(device, 'ready');
    for (let test = 0; test < tests; test += 1) {
      const visitId = `visit-${test}`;
      const outcome = nextOutcome(device, 10_000);
      const started = device.startTest(visitId);
      if (!started.ok) { failures.add('pty', `${grammar.profile.id}: test ${test} could not start: ${started.reason}`); break; }
      const noise: string[] = [];
      while (noise.length < rng.int(1, 12)) {
        const { line } = generatedLine(grammar, rng);
        // Noise that is no reading and that the device path would not take as the device's own fault (which ends a test).
        if (grammar.meaning(line).kind === 'other' && parseLine(grammar.profile, line).kind === 'rejected') noise.push(line);
      }
      let valid = grammar.reading(rng);
      while (grammar.meaning(valid).kind !== 'reading') valid = grammar.reading(rng);
      const acknowledgement = grammar.profile.resultFollowsAcknowledgement ? `READY${grammar.profile.terminator}` : '';
      const bytes = Buffer.from(acknowledgement + [...noise, valid].map((line) => line + grammar.profile.terminator).join(''), 'latin1');
      for (const chunk of chunksOf(bytes, rng)) writeSync(end, chunk);
      const got = await outcome;
      const meant = grammar.meaning(valid);
      if (got.kind !== 'reading' || got.visitId !== visitId || got.reading.rawText !== valid || (meant.kind === 'reading' && got.reading.rawValue !== meant.value)) {
        failures.add('pty', `${grammar.profile.id}: test ${test} sent ${JSON.stringify(valid)} after ${noise.length} lines of noise and got ${JSON.stringify(got)}`);
      } else {
        passed += 1;
      }
      if (device.state().status !== 'ready') await untilStatus(device, 'ready', 5_000);
    }
  } finally {
    closeSync(end);
    await device.close();
    await pair.stop();
    rmSync(folder, { recursive: true, force: true });
  }
  return passed;
}

export async function tortureParser({ inputs, rng, progress, ptyTests = Math.max(20, Math.min(300, Math.round(inputs / 5_000))) }: ParserOptions): Promise<PartResult> {
  const startedAt = Date.now();
  const failures = new Failures();
  const tally: Tally = { inputs: 0, lines: 0, readings: 0, implausible: 0, wrongSplits: 0, wrongMeanings: 0, thrown: 0, made: new Map(), mostHeld: 0 };
  const heapBefore = process.memoryUsage().heapUsed;
  let heapMost = heapBefore;
  let nextProgress = 100_000;
  while (tally.inputs < inputs) {
    fuzzStream(rng.pick(grammars), rng, tally, failures, Math.min(inputs - tally.inputs, rng.int(1, 60)));
    if (tally.inputs >= nextProgress) {
      heapMost = Math.max(heapMost, process.memoryUsage().heapUsed);
      progress(`parser: ${count(tally.inputs)}/${count(inputs)} inputs, ${count(tally.readings)} readings, ${failures.size} wrong, ${minutesSince(startedAt)}`);
      nextProgress += 100_000;
    }
  }
  heapMost = Math.max(heapMost, process.memoryUsage().heapUsed);
  const heapGrowthMb = (heapMost - heapBefore) / 1e6;
  if (heapGrowthMb > 200) failures.add('memory', `the heap grew by ${heapGrowthMb.toFixed(0)} MB over the run`);
  let ptyPassed = 0;
  const ptyWanted = ptyTests * 2;
  try {
    for (const grammar of [kioskLine, mq3]) ptyPassed += await throughPty(grammar, ptyTests, rng, failures);
  } catch (error) {
    failures.add('pty', `the device path failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const made = [...tally.made].map(([kind, n]) => `${kind} ${count(n)}`).join(', ');
  return {
    part: 'parser',
    figures: `parser: ${count(tally.inputs)} inputs (${made}) over ${grammars.length} profiles, ${count(tally.lines)} lines split, ` +
      `${count(tally.readings)} readings, ${count(tally.implausible)} past the plausible range refused; ${tally.wrongSplits} wrong splits, ` +
      `${tally.wrongMeanings} wrong meanings, ${tally.thrown} exceptions; splitter held at most ${tally.mostHeld} bytes, heap +${heapGrowthMb.toFixed(0)} MB; ` +
      `pty: ${ptyPassed}/${ptyWanted} tests got only their reading; ${minutesSince(startedAt)}`,
    failures: failures.list(),
    notes: ['readings are checked against mostPlausibleBreathReading (shared/breath/units.ts) per unit'],
  };
}
