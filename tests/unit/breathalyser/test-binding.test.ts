/**
 * The test binding's rules, as pure functions: no port, no timer, no device. Each event goes in
 * with the state before it; the state after and the commands for the adapter come out.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BreathOutcomeFromDevice } from '../../../main/devices/breathalyser/breathalyser.js';
import { breathTestFailureWords, closedDuringTestWords, deviceBusyWords, noResultInTimeWords, stalledTestCancelledWords, testWithoutVisitWords } from '../../../main/devices/breathalyser/breath-test-words.js';
import { withNmeaXorChecksum } from '../../../main/devices/breathalyser/line-checksum.js';
import { parseLine } from '../../../main/devices/breathalyser/line-parser.js';
import { kioskLineV1 } from '../../../main/devices/breathalyser/profiles/kiosk-line-v1.js';
import {
  holdsTestFor,
  nextBinding,
  type BindingCommand,
  type BindingEvent,
  type BindingRules,
  type TestBinding,
} from '../../../main/devices/breathalyser/test-binding.js';

const rules: BindingRules = { resultTimeoutMs: 30_000, acknowledgementTimeoutMs: 10_000, resultFollowsAcknowledgement: true };

const heard = (body: string): BindingEvent => {
  const line = withNmeaXorChecksum(body);
  return { type: 'lineHeard', line, parsed: parseLine(kioskLineV1, line) };
};
const start = (visitId: string, deviceNotReady: string | null = null): BindingEvent => ({ type: 'testRequested', visitId, deviceNotReady });
const resultTimeRanOut = (visitId: string): BindingEvent => ({ type: 'timeRanOut', timer: 'result', visitId });
const acknowledgementTimeRanOut = (visitId: string): BindingEvent => ({ type: 'timeRanOut', timer: 'acknowledgement', visitId });

/** Plays the events in order; returns the last state and each event's commands. */
function play(events: BindingEvent[], using: BindingRules = rules): { binding: TestBinding; commands: BindingCommand[][] } {
  let binding: TestBinding = null;
  const commands: BindingCommand[][] = [];
  for (const event of events) {
    const step = nextBinding(using, binding, event);
    binding = step.binding;
    commands.push(step.commands);
  }
  return { binding, commands };
}

// A step's commands; an index past the last step reads as no commands.
const outcomesOf = (commands: BindingCommand[] = []): BreathOutcomeFromDevice[] =>
  commands.flatMap((command) => (command.do === 'tellVisit' ? [command.outcome] : []));
const deviceCommandsOf = (commands: BindingCommand[] = []) => commands.flatMap((command) => (command.do === 'tellDevice' ? [command.command] : []));
const logsOf = (commands: BindingCommand[] = []) => commands.flatMap((command) => (command.do === 'log' ? [command] : []));
const last = <T>(items: T[]): T => items[items.length - 1] as T;

describe('starting a test', () => {
  it('tells the device to start, runs the result and acknowledgement times, and holds the device for that visit', () => {
    const { binding, commands } = play([start('visit-1')]);
    expect(binding).toEqual({ visitId: 'visit-1', acknowledged: false, awaitingAcknowledgement: true, stalled: false, sampleBeingTaken: false });
    expect(commands[0]).toEqual([
      { do: 'tellDevice', command: 'start' },
      { do: 'startTimer', timer: 'result', visitId: 'visit-1', ms: 30_000 },
      { do: 'startTimer', timer: 'acknowledgement', visitId: 'visit-1', ms: 10_000 },
      expect.objectContaining({ do: 'log', message: 'Breath test started' }),
    ]);
  });

  it('one test at a time: a second visit is refused while the first is held, and changes nothing', () => {
    const { binding, commands } = play([start('visit-1'), start('visit-2')]);
    expect(commands[1]).toEqual([{ do: 'refuseTest', reason: deviceBusyWords, busy: true }]);
    expect(binding?.visitId).toBe('visit-1');
  });

  it('refuses a test for no visit first, then a busy device, then a device that is not ready, with its words', () => {
    expect(play([start('', 'The breathalyser was disconnected.')]).commands[0]).toEqual([{ do: 'refuseTest', reason: testWithoutVisitWords, busy: false }]);
    expect(play([start('visit-1'), start('visit-2', 'Not ready.')]).commands[1]).toEqual([{ do: 'refuseTest', reason: deviceBusyWords, busy: true }]);
    const notReady = play([start('visit-1', 'Looking for the breathalyser: plug it in.')]);
    expect(notReady.commands[0]).toEqual([{ do: 'refuseTest', reason: 'Looking for the breathalyser: plug it in.', busy: false }]);
    expect(notReady.binding).toBeNull();
  });

  it('runs no acknowledgement time for a device that never acknowledges a start, so it is never stalled', () => {
    const quiet = { ...rules, acknowledgementTimeoutMs: null };
    const { binding, commands } = play([start('visit-1'), acknowledgementTimeRanOut('visit-1')], quiet);
    expect(commands[0]).not.toContainEqual(expect.objectContaining({ timer: 'acknowledgement' }));
    expect(binding).toMatchObject({ stalled: false, awaitingAcknowledgement: false });
  });
});

describe('whose reading it is', () => {
  it('after the device acknowledges, the reading goes to the visit that asked, and the device is free', () => {
    const { binding, commands } = play([start('visit-1'), heard('READY'), heard('BLOW'), heard('RESULT 12 ug/100ml')]);
    expect(outcomesOf(last(commands))).toEqual([{ kind: 'reading', visitId: 'visit-1', reading: expect.objectContaining({ microgramsPer100mlBreath: 12 }) }]);
    expect(last(commands)).toContainEqual({ do: 'stopTimer', timer: 'result' });
    expect(binding).toBeNull();
  });

  it('a reading before the device acknowledges the new test is unattributed and logged, and the test keeps waiting', () => {
    const { binding, commands } = play([start('visit-B'), heard('RESULT 80 ug/100ml')]);
    expect(outcomesOf(commands[1])).toEqual([{ kind: 'reading', visitId: null, reading: expect.objectContaining({ microgramsPer100mlBreath: 80 }) }]);
    expect(logsOf(commands[1])).toEqual([
      expect.objectContaining({ level: 'warn', details: expect.objectContaining({ waitingVisitId: 'visit-B' }), message: expect.stringContaining('before this test was acknowledged') }),
    ]);
    expect(commands[1]).not.toContainEqual(expect.objectContaining({ do: 'stopTimer' }));
    expect(binding).toMatchObject({ visitId: 'visit-B', acknowledged: false });
  });

  it('a late reading, then the new test\'s own lines: order alone decides, the second reading is the visit\'s', () => {
    const { commands } = play([start('visit-B'), heard('RESULT 80 ug/100ml'), heard('READY'), heard('BLOW'), heard('RESULT 5 ug/100ml')]);
    expect(commands.flatMap(outcomesOf)).toMatchObject([
      { kind: 'reading', visitId: null, reading: { microgramsPer100mlBreath: 80 } },
      { kind: 'reading', visitId: 'visit-B', reading: { microgramsPer100mlBreath: 5 } },
    ]);
  });

  it('a reading with no test held is unattributed and logged', () => {
    const { commands } = play([heard('RESULT 40 ug/100ml')]);
    expect(outcomesOf(commands[0])).toMatchObject([{ kind: 'reading', visitId: null }]);
    expect(logsOf(commands[0])).toMatchObject([{ level: 'warn', message: 'Unattributed breath reading: no visit asked for a test' }]);
  });

  it('on a profile whose device does not acknowledge a start, the first reading is the visit\'s', () => {
    const { commands } = play([start('visit-D'), heard('RESULT 9 ug/100ml')], { ...rules, resultFollowsAcknowledgement: false });
    expect(outcomesOf(commands[1])).toMatchObject([{ kind: 'reading', visitId: 'visit-D' }]);
  });

  it('a reading after the test ended (timed out, cancelled, failed) goes to no one', () => {
    for (const ending of [resultTimeRanOut('visit-1'), { type: 'cancelRequested', visitId: 'visit-1' } as const, heard('ERROR NO_SAMPLE'), { type: 'deviceLost' } as const]) {
      const { commands } = play([start('visit-1'), heard('READY'), ending, heard('RESULT 12 ug/100ml')]);
      expect(outcomesOf(last(commands))).toMatchObject([{ kind: 'reading', visitId: null }]);
    }
  });

  it('a line that fails its checksum is logged and never read', () => {
    const { binding, commands } = play([start('visit-1'), heard('READY'), { type: 'lineHeard', line: 'RESULT 12 ug/100ml*00', parsed: parseLine(kioskLineV1, 'RESULT 12 ug/100ml*00') }]);
    expect(outcomesOf(commands[2])).toEqual([]);
    expect(logsOf(commands[2])).toMatchObject([{ level: 'warn', message: 'Breathalyser line rejected' }]);
    expect(binding?.visitId).toBe('visit-1');
  });
});

describe('a test that does not finish', () => {
  it('no result in time: the device is told to stop, the visit hears TIMEOUT, a late reading is warned of, the device is free', () => {
    const { binding, commands } = play([start('visit-1'), heard('READY'), resultTimeRanOut('visit-1')]);
    expect(deviceCommandsOf(commands[2])).toEqual(['abort']);
    expect(outcomesOf(commands[2])).toEqual([{ kind: 'error', visitId: 'visit-1', code: 'TIMEOUT', message: noResultInTimeWords }]);
    expect(logsOf(commands[2])).toContainEqual(expect.objectContaining({ level: 'warn', message: expect.stringMatching(/late reading .* may still follow/) }));
    expect(binding).toBeNull();
  });

  it('a timer of a test already over, or of another visit, changes nothing', () => {
    const over = play([start('visit-1'), heard('READY'), heard('RESULT 1 ug/100ml'), start('visit-2'), resultTimeRanOut('visit-1'), acknowledgementTimeRanOut('visit-1')]);
    expect(over.commands.slice(4)).toEqual([[], []]);
    expect(over.binding).toMatchObject({ visitId: 'visit-2', stalled: false });
  });

  it('not acknowledged in time: stalled, still held; an answer after all puts it back to waiting', () => {
    const stalled = play([start('visit-5'), acknowledgementTimeRanOut('visit-5')]);
    expect(stalled.binding).toMatchObject({ visitId: 'visit-5', stalled: true, awaitingAcknowledgement: false });
    expect(logsOf(stalled.commands[1])).toMatchObject([{ level: 'warn', message: 'Breathalyser has not acknowledged the test', details: { withinMs: 10_000 } }]);
    const answered = play([start('visit-5'), acknowledgementTimeRanOut('visit-5'), heard('READY')]);
    expect(answered.binding).toMatchObject({ stalled: false, acknowledged: true });
    // Its acknowledgement time already ran out, so there is no timer left to stop.
    expect(answered.commands[2]).not.toContainEqual(expect.objectContaining({ do: 'stopTimer' }));
  });

  it('an acknowledgement stops the acknowledgement time, so the test can never stall after it', () => {
    const { binding, commands } = play([start('visit-1'), heard('READY'), acknowledgementTimeRanOut('visit-1')]);
    expect(commands[1]).toContainEqual({ do: 'stopTimer', timer: 'acknowledgement' });
    expect(commands[2]).toEqual([]);
    expect(binding).toMatchObject({ stalled: false });
  });

  it('the device taking the sample acknowledges the test too', () => {
    expect(play([start('visit-1'), heard('BLOW')]).binding).toMatchObject({ acknowledged: true, sampleBeingTaken: true });
  });
});

describe('staff and the device ending a test', () => {
  it('cancel: the device is told to stop and freed, the visit hears CANCELLED, and the next person can start', () => {
    const { binding, commands } = play([start('visit-9'), { type: 'cancelRequested', visitId: 'visit-9' }, start('visit-10')]);
    expect(deviceCommandsOf(commands[1])).toEqual(['abort']);
    expect(outcomesOf(commands[1])).toEqual([{ kind: 'error', visitId: 'visit-9', code: 'CANCELLED', message: breathTestFailureWords.CANCELLED }]);
    expect(binding?.visitId).toBe('visit-10');
  });

  it('cancelling a test the device stopped answering is the device failing this test, not a plain cancel', () => {
    const { binding, commands } = play([start('visit-9'), acknowledgementTimeRanOut('visit-9'), { type: 'cancelRequested', visitId: 'visit-9' }, start('visit-10')]);
    expect(deviceCommandsOf(commands[2])).toEqual(['abort']);
    expect(outcomesOf(commands[2])).toEqual([{ kind: 'error', visitId: 'visit-9', code: 'TIMEOUT', message: stalledTestCancelledWords }]);
    expect(binding?.visitId).toBe('visit-10');
  });

  it('cancel for a visit whose test is not held does nothing', () => {
    const { binding, commands } = play([start('visit-9'), { type: 'cancelRequested', visitId: 'visit-other' }]);
    expect(commands[1]).toEqual([]);
    expect(binding?.visitId).toBe('visit-9');
    expect(holdsTestFor(binding, 'visit-9')).toBe(true);
    expect(holdsTestFor(binding, 'visit-other')).toBe(false);
  });

  it('a device error goes to the visit in plain words and frees the device for a retry, even while stalled', () => {
    const { binding, commands } = play([start('visit-8'), acknowledgementTimeRanOut('visit-8'), heard('ERROR LOW_BATTERY'), start('visit-8')]);
    expect(outcomesOf(commands[2])).toEqual([{ kind: 'error', visitId: 'visit-8', code: 'LOW_BATTERY', message: breathTestFailureWords.LOW_BATTERY }]);
    expect(commands[3]).toContainEqual({ do: 'tellDevice', command: 'start' });
    expect(binding?.visitId).toBe('visit-8');
  });

  it('a device error with no test held is logged and goes to no one', () => {
    const { commands } = play([heard('ERROR NO_SAMPLE')]);
    expect(outcomesOf(commands[0])).toEqual([]);
    expect(logsOf(commands[0])).toMatchObject([{ level: 'warn', message: 'Breathalyser reported an error while no test was running' }]);
  });

  it('lost mid-test: the visit hears DEVICE_LOST and the device is free; lost with no test says nothing', () => {
    const { binding, commands } = play([start('visit-4'), heard('READY'), { type: 'deviceLost' }, { type: 'deviceLost' }]);
    expect(outcomesOf(commands[2])).toEqual([{ kind: 'error', visitId: 'visit-4', code: 'DEVICE_LOST', message: breathTestFailureWords.DEVICE_LOST }]);
    // Nobody to tell the device to stop: it is gone.
    expect(deviceCommandsOf(commands[2])).toEqual([]);
    expect(commands[3]).toEqual([]);
    expect(binding).toBeNull();
  });

  it('a line ending that does not match fails the held test at once with its words, and the device is told to stop', () => {
    const words = "The breathalyser's line ending does not match its profile: it sends LF, the profile expects CRLF.";
    const { binding, commands } = play([start('visit-11'), { type: 'lineEndingMismatch', words }, { type: 'lineEndingMismatch', words }]);
    expect(outcomesOf(commands[1])).toEqual([{ kind: 'error', visitId: 'visit-11', code: 'TIMEOUT', message: words }]);
    expect(deviceCommandsOf(commands[1])).toEqual(['abort']);
    expect(commands[1]).toContainEqual({ do: 'stopTimer', timer: 'result' });
    // With no test held there is no one to tell: the device's state carries the words instead.
    expect(commands[2]).toEqual([]);
    expect(binding).toBeNull();
  });

  it('the kiosk closing mid-test tells the device to stop and the visit why', () => {
    const { commands } = play([start('visit-10'), { type: 'kioskClosing' }]);
    expect(deviceCommandsOf(commands[1])).toEqual(['abort']);
    expect(outcomesOf(commands[1])).toEqual([{ kind: 'error', visitId: 'visit-10', code: 'DEVICE_LOST', message: closedDuringTestWords }]);
  });
});

describe('whatever happens, in any order', () => {
  const visits = ['visit-1', 'visit-2', 'visit-3'];
  const anyVisit = fc.constantFrom(...visits);
  const anyEvent: fc.Arbitrary<BindingEvent> = fc.oneof(
    anyVisit.map((visitId) => start(visitId)),
    fc.constantFrom('READY', 'BLOW', 'RESULT 12 ug/100ml', 'ERROR NO_SAMPLE', 'GARBAGE').map(heard),
    fc.tuple(fc.constantFrom('result' as const, 'acknowledgement' as const), anyVisit).map(([timer, visitId]): BindingEvent => ({ type: 'timeRanOut', timer, visitId })),
    anyVisit.map((visitId): BindingEvent => ({ type: 'cancelRequested', visitId })),
    fc.constant<BindingEvent>({ type: 'deviceLost' }),
    fc.constant<BindingEvent>({ type: 'lineEndingMismatch', words: 'The line ending does not match.' }),
  );

  it('a reading goes only to the visit holding an acknowledged test, an error only to the held visit, and either frees the device', () => {
    fc.assert(
      fc.property(fc.array(anyEvent, { maxLength: 40 }), fc.boolean(), (events, resultFollowsAcknowledgement) => {
        const using = { ...rules, resultFollowsAcknowledgement };
        let binding: TestBinding = null;
        for (const event of events) {
          const step = nextBinding(using, binding, event);
          for (const outcome of outcomesOf(step.commands)) {
            if (outcome.visitId === null) continue;
            expect(outcome.visitId).toBe(binding?.visitId);
            if (outcome.kind === 'reading') expect(binding?.acknowledged).toBe(true);
            expect(step.binding).toBeNull();
          }
          expect(outcomesOf(step.commands).filter((outcome) => outcome.visitId !== null).length).toBeLessThanOrEqual(1);
          if (binding && step.binding) expect(step.binding.visitId).toBe(binding.visitId);
          binding = step.binding;
        }
      }),
    );
  });
});
