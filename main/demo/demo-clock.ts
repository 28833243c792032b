/**
 * A demo kiosk first started when the clinic is closed (at 01:35, or on a Sunday evening) would
 * open on "No session open" and nobody could be checked in. So its clock starts inside the next
 * session instead: the shift is written into kiosk.json at that first start, once, and kept, so
 * the demo's time only ever runs forward and the ledger's times stay in order. The rules stay the
 * rules: only the clock the demo runs on is moved, and the screen says so.
 */
import { nextSessionAfter, sessionAt } from '../../shared/clinic-time/clinic-day.js';
import { defaultSiteRules } from '../../shared/site-rules/site-rules.js';
import type { KioskConfig } from '../config/kiosk-config.js';
import { demoClinicTimeZone } from './demo-clinic.js';

// Far enough into the session that a visitor can try a whole visit before it closes.
const minutesIntoSession = 30;
const minute = 60_000;

/** Minutes to move a clock at `now` so it stands inside a session of the demo clinic; 0 when one is open. */
export function demoClockShiftMinutesAt(now: Date): number {
  const { windows } = defaultSiteRules.sessions;
  if (sessionAt(now, windows, demoClinicTimeZone)) return 0;
  const next = nextSessionAfter(now, windows, demoClinicTimeZone);
  return Math.ceil((next.opensAt.getTime() + minutesIntoSession * minute - now.getTime()) / minute);
}

/** A first start's defaults, with the demo clock shifted into a session when none is open now. */
export function demoDefaultsAt(now: Date): (defaults: KioskConfig) => KioskConfig {
  return (defaults) => {
    const shift = defaults.demoData ? demoClockShiftMinutesAt(now) : 0;
    return shift === 0 ? defaults : { ...defaults, demoClockShiftMinutes: shift };
  };
}

export function demoClockWords(shiftMinutes: number): string {
  const hours = Math.floor(shiftMinutes / 60);
  const ahead = hours > 0 ? `${hours} h ${shiftMinutes % 60} min` : `${shiftMinutes} min`;
  return `Demo clock: no session was open, so this demo kiosk runs ${ahead} ahead of the real time, inside a session. ` +
    'Remove "demoClockShiftMinutes" from kiosk.json to run it on the real time.';
}
