/**
 * What the kiosk tells a healthcare assistant when a breath test does not give a result: one
 * sentence on what happened and one on what to do next. Kept in one place so the same code never
 * reads two ways on two screens.
 */
import type { BreathErrorCode } from '../../../shared/visit/visit-events.js';

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

/** The kiosk's own time limit ran out: different from the device reporting TIMEOUT itself. */
export const noResultInTimeWords =
  'No result came from the breathalyser in time. Check it is switched on and connected, then start the test again.';

/** The kiosk shut the connection (closing down) while a test was waiting. */
export const closedDuringTestWords =
  'The kiosk closed its connection to the breathalyser before a result came. Start the test again.';
