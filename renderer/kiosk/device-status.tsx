/**
 * The breathalyser's state as the host words it, marked so a device that cannot take a test now
 * never reads like a working one: from across the room (colour and border) and up close (a word,
 * since colour alone says nothing to some of the staff).
 */
import type { DeviceView } from '../../shared/contract/index.js';

type Standing = 'working' | 'busy' | 'problem';

// Every status is placed here, so a new one does not compile until someone decides how it looks.
const standingOf: Record<DeviceView['status'], Standing> = {
  ready: 'working',
  awaitingResult: 'busy',
  opening: 'busy',
  discovering: 'problem',
  stalled: 'problem',
  lost: 'problem',
  unavailable: 'problem',
  notConfigured: 'problem',
};

const tagWords: Record<Standing, string | null> = {
  working: null,
  busy: 'Busy',
  problem: 'Not working',
};

export function deviceHasProblem(device: DeviceView): boolean {
  return standingOf[device.status] === 'problem';
}

export function DeviceStatus({ device, prominent = false }: { device: DeviceView; prominent?: boolean }) {
  const standing = standingOf[device.status];
  const tag = tagWords[standing];
  const classes = ['device', `device-${standing}`, prominent ? 'device-prominent' : ''].filter(Boolean).join(' ');
  return (
    <p className={classes} data-device-status={device.status}>
      {tag && <span className="tag device-tag">{tag}</span>}
      <span>Breathalyser: {device.words}</span>
      {device.simulated && <span className="tag">Simulated</span>}
    </p>
  );
}
