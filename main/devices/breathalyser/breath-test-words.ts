/**
 * Every word the kiosk says about its breathalyser: the device's state on screen, why a test
 * cannot start, and what staff are told when a test gives no result (one sentence on what
 * happened and one on what to do next). Kept in this one file so the same state never reads two
 * ways on two screens; the rest of the folder passes codes and statuses, never sentences.
 */
import { mostPlausibleBreathReading, type BreathUnit } from '../../../shared/breath/units.js';
import type { BreathErrorCode } from '../../../shared/visit/visit-events.js';
import type { DeviceStatus } from './breathalyser.js';
import type { LineEndingMismatch } from './line-ending-watch.js';

export const breathTestFailureWords: Readonly<Record<BreathErrorCode, string>> = {
  NO_SAMPLE: 'No breath sample was detected. Ask the person to blow again, steadily.',
  BLOW_INTERRUPTED:
    'The breath sample was interrupted. Ask the person to take a deep breath and blow steadily until the breathalyser signals it is done.',
  TIMEOUT: 'The breathalyser stopped waiting for a breath. Start the test again when the person is ready to blow.',
  SUCK_BACK: 'The person breathed in through the mouthpiece. Ask them to only breathe out, then start the test again.',
  BLANK_FAILED:
    'The breathalyser found alcohol in the room air before the test, often from hand gel. Air the room, wait a minute, then start the test again.',
  LOW_BATTERY: 'The breathalyser battery is too low to test. Charge or replace it, then start the test again.',
  CALIBRATION_DUE:
    'The breathalyser is due for calibration, so its readings cannot be relied on. Use another breathalyser and tell the clinical lead.',
  SENSOR_FAULT: 'The breathalyser reports a sensor fault. Use another breathalyser and tell the clinical lead.',
  TEMPERATURE:
    'The breathalyser is too hot or too cold to test. Move it away from heaters and windows, wait a few minutes, then try again.',
  NO_DEVICE: 'No breathalyser is connected. Check its cable and try again, or withhold the dose with a reason.',
  DEVICE_LOST: 'The breathalyser was disconnected during the test. Check its cable, then start the test again.',
  CANCELLED: 'The test was cancelled at the kiosk and the breathalyser told to stop. Start it again, or enter a reading by hand if the device is broken.',
};

/**
 * A result no living person's breath could give (above the ceiling in shared/breath/units.ts, or
 * below zero): the device is at fault, so the figure is not shown as a reading at all.
 */
export function implausibleReadingWords(rawValue: number, unit: BreathUnit): string {
  const why = rawValue < 0 || Object.is(rawValue, -0) ? 'below zero (with a minus sign), which no breath can give' : `above ${mostPlausibleBreathReading[unit]} ${unit}, more than any living person's breath can hold`;
  return `The breathalyser reported ${Object.is(rawValue, -0) ? '-0' : rawValue} ${unit}, ${why}, so it is not a reading. Use another breathalyser and tell the clinical lead: this one needs checking.`;
}

/**
 * The device sends bytes but never the line ending its profile names (line-ending-watch.ts), so
 * no line, and no reading, can come from it until one of the two is changed.
 */
export function lineEndingMismatchWords(mismatch: LineEndingMismatch, simulated: boolean): string {
  const device = simulated ? "The simulated breathalyser's" : "The breathalyser's";
  const what = mismatch.sent === null
    ? `it sent ${mismatch.unterminatedBytes} bytes without one, the profile expects ${mismatch.expected}`
    : `it sends ${mismatch.sent}, the profile expects ${mismatch.expected}`;
  return `${device} line ending does not match its profile: ${what}. Set the device to end lines with ${mismatch.expected}, or ask support to correct its profile; until then enter a reading taken on another device by hand.`;
}

/** The kiosk's own time limit ran out: different from the device reporting TIMEOUT itself. */
export const noResultInTimeWords =
  'No result came from the breathalyser in time. Check it is switched on and connected, then start the test again.';

/** Staff gave up on a test the device never answered: it failed on the device, so a reading may be taken another way. */
export const stalledTestCancelledWords =
  'The breathalyser stopped answering during this test, so the test was stopped. Start it again, or enter a reading taken on another device by hand.';

/** The kiosk shut the connection (closing down) while a test was waiting. */
export const closedDuringTestWords =
  'The kiosk closed its connection to the breathalyser before a result came. Start the test again.';

/** The kiosk's configuration names no breathalyser (`{ "kind": "none" }`). */
export const noBreathalyserConfiguredWords = 'No breathalyser is configured for this kiosk.';

export const testWithoutVisitWords = 'A breath test must belong to a visit.';

export const deviceBusyWords = 'The breathalyser is busy with another test. Wait for it to finish.';

/** Shown in place of "Waiting for the breath sample" once the device says it is taking one. */
export const sampleBeingTakenWords = 'Sample being taken: the person should keep blowing.';

/** The words for a device's status; `where` is its path, or its USB ids before it is found. */
export function deviceStatusWords(status: DeviceStatus, simulated: boolean, where: string): string {
  const device = simulated ? 'The simulated breathalyser' : 'The breathalyser';
  switch (status) {
    case 'notConfigured':
      return 'No breathalyser is set up for this kiosk.';
    case 'unavailable':
      return `${device} at ${where} could not be opened. Check it is plugged in; the kiosk keeps trying.`;
    case 'opening':
      return `Connecting to ${device.toLowerCase()}.`;
    case 'ready':
      return simulated ? 'The simulated breathalyser is ready. Its results are not real.' : 'The breathalyser is ready.';
    case 'discovering':
      return `Looking for ${device.toLowerCase()}: plug it in.`;
    case 'awaitingResult':
      return 'Waiting for the breath sample.';
    case 'stalled':
      return `${device} has not answered the start of the test. Check it is switched on and not showing a message; cancel the test and start it again, or enter the reading by hand with a witness.`;
    case 'lost':
      return `${device} was disconnected. Check its cable; the kiosk is trying to reconnect.`;
  }
}
