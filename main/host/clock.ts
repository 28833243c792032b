/** The one way the host reads time: injected, so tests can move it and rules never call Date.now(). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock a fixed number of minutes off another: for demo and training kiosks only (kiosk.json). */
export function shiftedClock(clock: Clock, minutes: number): Clock {
  return { now: () => new Date(clock.now().getTime() + minutes * 60_000) };
}
