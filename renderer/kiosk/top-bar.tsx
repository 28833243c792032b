import type { RoomView } from '../../shared/contract/index.js';
import { clockTime } from '../../shared/clinic-time/clinic-time-text.js';
import { ActingAsChips } from '../staff/acting-as-chips.js';
import { DeviceStatus } from './device-status.js';
import { SyncStatus } from './sync-status.js';

/**
 * Always on screen: where we are, the session, who is acting, whether the breathalyser can be used,
 * and whether this kiosk's records are reaching the clinic's central store.
 */
export function TopBar({ room, onOpenStaff, onOpenRecords }: {
  room: RoomView;
  onOpenStaff: () => void;
  // Null when the person acting has no records to read or keep.
  onOpenRecords: (() => void) | null;
}) {
  return (
    <header className="top-bar">
      <div className="top-bar-row">
        <p className="clinic-name">{room.kiosk.clinicName}</p>
        <p className="clock">
          {clockTime(room.now, room.kiosk.timeZone)}
          {room.kiosk.demoClock && <span className="demo-clock"> (demo clock)</span>}
        </p>
        <p className="session">{room.session}</p>
        <DeviceStatus device={room.device} />
        <SyncStatus sync={room.sync} timeZone={room.kiosk.timeZone} />
      </div>
      <div className="top-bar-row">
        <ActingAsChips />
        <span className="top-bar-buttons">
          {onOpenRecords && <button type="button" className="staff-button" onClick={onOpenRecords}>Records</button>}
          <button type="button" className="staff-button" onClick={onOpenStaff}>Staff</button>
        </span>
      </div>
      {room.alerts.map((alert) => (
        <p key={alert} className="banner banner-alarm">{alert}</p>
      ))}
      {room.rulesNotApproved && (
        <p className="banner banner-warning">
          Clinical thresholds not yet approved by a clinic lead or a prescriber{room.rulesVersion !== null && ` (rules version ${room.rulesVersion})`}.
        </p>
      )}
      {/* A change waits for a second person: until then the rules in force stay as they are. */}
      {room.rulesAwaitingApproval !== null && (
        <p className="banner banner-warning">
          Site rules version {room.rulesAwaitingApproval} waits for approval by another clinic lead or a prescriber. The rules in force are unchanged until then.
        </p>
      )}
    </header>
  );
}
