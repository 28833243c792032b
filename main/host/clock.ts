/** The one way the host reads time: injected, so tests can move it and rules never call Date.now(). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
