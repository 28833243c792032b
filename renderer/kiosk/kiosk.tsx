/**
 * The whole screen: top bar, then the room board or one visit. Owns: which screen is showing and
 * where a refusal appears. Must not touch: any clinical rule.
 */
import { useEffect, useState } from 'react';
import { useHost } from '../carrier/use-host.js';
import { RefusalAlert } from '../components/refusal-alert.js';
import { RoomBoard } from '../room/room-board.js';
import { StaffSheet } from '../staff/staff-sheet.js';
import { VisitScreen } from '../visit/visit-screen.js';
import { useActions } from './act.js';
import { ConnectionBanner } from './connection-banner.js';
import { TopBar } from './top-bar.js';

export function Kiosk() {
  const { room, connection } = useHost();
  const { refusal, clear } = useActions();
  const [openVisitId, setOpenVisitId] = useState<string | null>(null);
  const [staffOpen, setStaffOpen] = useState(false);
  const ready = room !== null;

  useEffect(() => {
    // End-to-end tests wait on this instead of sleeping.
    if (ready) document.body.dataset.kioskReady = 'true';
  }, [ready]);

  if (!room) {
    return (
      <main className="waiting-for-host">
        <p role="status">{connection === 'reconnecting' ? 'Reconnecting to the kiosk host…' : 'Connecting to the kiosk host…'}</p>
      </main>
    );
  }

  // A refusal belongs to the screen it was given on; moving on clears it.
  const show = (visitId: string | null) => {
    clear();
    setOpenVisitId(visitId);
  };
  const showStaff = (open: boolean) => {
    clear();
    setStaffOpen(open);
  };

  return (
    <>
      <div className="kiosk" inert={staffOpen}>
        <TopBar room={room} onOpenStaff={() => showStaff(true)} />
        <ConnectionBanner connection={connection} />
        <main className="screen">
          {!staffOpen && <RefusalAlert reason={refusal} onDismiss={clear} />}
          {openVisitId === null ? (
            <RoomBoard room={room} onOpenVisit={show} />
          ) : (
            <VisitScreen room={room} visitId={openVisitId} onBack={() => show(null)} />
          )}
        </main>
      </div>
      {staffOpen && <StaffSheet roster={room.roster} onDuty={room.staffOnDuty} onClose={() => showStaff(false)} />}
    </>
  );
}
