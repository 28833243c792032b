import type { RoomView } from '../../shared/contract/index.js';
import { clockTime } from '../components/clinic-time.js';
import { StaffOnDuty } from '../staff/staff-on-duty.js';

/** Always on screen: where we are, who is on duty, and whether the breathalyser can be used. */
export function TopBar({ room, onOpenStaff }: { room: RoomView; onOpenStaff: () => void }) {
  return (
    <header className="top-bar">
      <div className="top-bar-row">
        <p className="clinic-name">{room.kiosk.clinicName}</p>
        <p className="clock">{clockTime(room.now, room.kiosk.timeZone)}</p>
        <StaffOnDuty staff={room.staffOnDuty} />
        <button type="button" className="staff-button" onClick={onOpenStaff}>Staff</button>
        <p className="device">
          Breathalyser: {room.device.words}
          {room.device.simulated && <span className="tag">Simulated</span>}
        </p>
      </div>
      {room.alerts.map((alert) => (
        <p key={alert} className="banner banner-alarm">{alert}</p>
      ))}
      {room.rulesNotApproved && (
        <p className="banner banner-warning">Clinical thresholds not yet approved by a clinic lead: demo defaults in use.</p>
      )}
    </header>
  );
}
