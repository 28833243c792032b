/**
 * The life of the port a breathalyser is on, as pure functions (state and event in, state and
 * commands out): disconnected -> discovering (a device found by USB ids: the port list is polled,
 * since serialport has no hot-plug event) -> opening -> ready -> lost -> backoff -> discovering or
 * opening again (docs/breathalyser-protocols.md, "Lifecycle"). After a failed open or a loss it tries
 * again after a delay that doubles up to a cap and starts over once the device is open
 * (shared/retry/reconnect-backoff.ts).
 *
 * Kept apart from the test binding (test-binding.ts): a port reconnects on its own timers whether
 * or not anyone is being tested, and a test needs only to hear "lost". breathalyser-adapter.ts
 * carries the commands out and shows staff the binding's state while the port is open.
 */
import { reconnectDelayMs, type BackoffSettings } from '../../../shared/retry/reconnect-backoff.js';
import { portMatching, type ListedPort, type UsbIds } from './discovery/usb-port-discovery.js';
import type { LogCommand } from './breathalyser-logger.js';

/** A fixed path (e.g. /dev/ttyUSB0, the emulator's pty link), or USB ids to find in the port list. */
export type DeviceWhereabouts = { path: string } | { usb: UsbIds };

export interface LifecycleRules {
  device: DeviceWhereabouts;
  discoveryPollMs: number;
  backoff: BackoffSettings;
}

/** The statuses the port itself can show; a test's own (awaiting a result, stalled) are the binding's. */
export type PortStatus = 'discovering' | 'opening' | 'ready' | 'unavailable' | 'lost';

export interface PortLifecycle {
  step: 'looking' | 'opening' | 'open' | 'waitingToRetry' | 'closed';
  /**
   * What staff see. Not always the step: a fixed path tried again keeps showing "could not be
   * opened" or "disconnected" until it opens, so a lost device does not flicker to "connecting".
   */
  shown: PortStatus;
  /** Where the device is, in words: its path once known, else its USB ids. */
  where: string;
  /** Failed opens and losses since the device was last open, for the backoff. */
  failures: number;
}

export type LifecycleEvent =
  | { type: 'portsListed'; ports: readonly ListedPort[] }
  /** The poll interval or the backoff delay has passed. */
  | { type: 'timeToTryAgain' }
  | { type: 'opened' }
  | { type: 'openFailed'; reason: string }
  | { type: 'lost'; disconnected: boolean }
  | { type: 'closing' };

export type LifecycleCommand =
  | { do: 'listPorts' }
  | { do: 'openPort'; path: string }
  | { do: 'waitToTryAgain'; ms: number }
  | LogCommand;

export interface LifecycleStep {
  lifecycle: PortLifecycle;
  commands: LifecycleCommand[];
}

const unchanged = (lifecycle: PortLifecycle): LifecycleStep => ({ lifecycle, commands: [] });

/** Opens the fixed path, or looks for the device by its USB ids first. */
export function firstLifecycle(rules: LifecycleRules): LifecycleStep {
  const { device } = rules;
  if ('path' in device) return { lifecycle: { step: 'opening', shown: 'opening', where: device.path, failures: 0 }, commands: [{ do: 'openPort', path: device.path }] };
  const where = `USB ${device.usb.vendorId}:${device.usb.productId}`;
  return { lifecycle: { step: 'looking', shown: 'discovering', where, failures: 0 }, commands: [{ do: 'listPorts' }] };
}

export function nextLifecycle(rules: LifecycleRules, lifecycle: PortLifecycle, event: LifecycleEvent): LifecycleStep {
  if (lifecycle.step === 'closed') return unchanged(lifecycle);
  switch (event.type) {
    case 'portsListed':
      if (lifecycle.step !== 'looking' || !('usb' in rules.device)) return unchanged(lifecycle);
      return portsListed(rules, rules.device.usb, lifecycle, event.ports);
    case 'timeToTryAgain':
      return tryAgain(rules, lifecycle);
    case 'opened':
      if (lifecycle.step !== 'opening') return unchanged(lifecycle);
      return {
        lifecycle: { ...lifecycle, step: 'open', shown: 'ready', failures: 0 },
        commands: [{ do: 'log', level: 'info', details: {}, message: 'Breathalyser connected' }],
      };
    case 'openFailed': {
      if (lifecycle.step !== 'opening') return unchanged(lifecycle);
      // Once a device has been lost, staff should keep seeing "disconnected" until it is back.
      const shown = lifecycle.shown === 'lost' ? 'lost' : 'unavailable';
      return backOff(rules, { ...lifecycle, shown }, { err: event.reason }, 'Breathalyser could not be opened');
    }
    case 'lost':
      if (lifecycle.step !== 'open') return unchanged(lifecycle);
      return backOff(rules, { ...lifecycle, shown: 'lost' }, { disconnected: event.disconnected }, 'Breathalyser lost');
    case 'closing':
      return unchanged({ ...lifecycle, step: 'closed' });
  }
}

function portsListed(rules: LifecycleRules, usb: UsbIds, lifecycle: PortLifecycle, ports: readonly ListedPort[]): LifecycleStep {
  const found = portMatching(ports, usb);
  if (!found) return { lifecycle, commands: [{ do: 'waitToTryAgain', ms: rules.discoveryPollMs }] };
  return {
    lifecycle: { ...lifecycle, step: 'opening', shown: 'opening', where: found.path },
    commands: [
      { do: 'log', level: 'info', details: { path: found.path, usb }, message: 'Breathalyser found by its USB ids' },
      { do: 'openPort', path: found.path },
    ],
  };
}

function tryAgain(rules: LifecycleRules, lifecycle: PortLifecycle): LifecycleStep {
  const { device } = rules;
  if (lifecycle.step === 'looking') return { lifecycle, commands: [{ do: 'listPorts' }] };
  if (lifecycle.step !== 'waitingToRetry') return unchanged(lifecycle);
  // A device found by USB ids may come back at another path: look for it again.
  if ('usb' in device) return { lifecycle: { ...lifecycle, step: 'looking', shown: 'discovering' }, commands: [{ do: 'listPorts' }] };
  return { lifecycle: { ...lifecycle, step: 'opening' }, commands: [{ do: 'openPort', path: device.path }] };
}

function backOff(rules: LifecycleRules, lifecycle: PortLifecycle, details: object, message: string): LifecycleStep {
  const failures = lifecycle.failures + 1;
  return {
    lifecycle: { ...lifecycle, step: 'waitingToRetry', failures },
    commands: [
      { do: 'log', level: 'warn', details, message },
      { do: 'waitToTryAgain', ms: reconnectDelayMs(rules.backoff, failures) },
    ],
  };
}
