/**
 * The one reconnect schedule (shared/retry): the renderer's socket to the host, the breathalyser's
 * port and sync with central all wait by it, so its shape is proved here once.
 */
import { describe, expect, it } from 'vitest';
import { reconnectDelayMs } from '../../shared/retry/reconnect-backoff.js';

const hostSocket = { firstDelayMs: 250, maxDelayMs: 5_000 };

describe('reconnect backoff', () => {
  it('doubles from the first delay after each failure and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((failures) => reconnectDelayMs(hostSocket, failures)))
      .toEqual([250, 500, 1_000, 2_000, 4_000, 5_000, 5_000]);
  });

  it('waits the first delay when no attempt has failed yet', () => {
    expect(reconnectDelayMs(hostSocket, 0)).toBe(250);
  });

  it('stays at the cap through an outage of any length, never Infinity', () => {
    for (const failures of [31, 1_000, 1_000_000, Number.MAX_SAFE_INTEGER]) {
      expect(reconnectDelayMs(hostSocket, failures)).toBe(5_000);
    }
  });

  it('never waits past a cap below the first delay', () => {
    expect(reconnectDelayMs({ firstDelayMs: 1_000, maxDelayMs: 400 }, 1)).toBe(400);
  });
});
