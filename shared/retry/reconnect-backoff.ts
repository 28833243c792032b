/**
 * How long to wait before the next attempt to reach something that failed: a device that would not
 * open, the central store, the host's socket. Doubling from a first delay up to a cap, and back to
 * the first delay after a success. A kiosk left with its breathalyser unplugged overnight should
 * not spin on the port, but one whose cable was knocked should be back within seconds. Pure, and
 * the one schedule every reconnecting part uses, so it is tested once.
 */

export interface BackoffSettings {
  firstDelayMs: number;
  maxDelayMs: number;
}

/** `failures` counts consecutive failed attempts since the last success (1 for the first). */
export function reconnectDelayMs(settings: BackoffSettings, failures: number): number {
  const doublings = Math.max(0, failures - 1);
  // Capped before multiplying, so a long outage never overflows to Infinity.
  return Math.min(settings.maxDelayMs, settings.firstDelayMs * 2 ** Math.min(doublings, 30));
}
