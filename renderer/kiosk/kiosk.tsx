/**
 * The whole screen: top bar, then the room board, one visit or the records. Owns: which screen is
 * showing and where a refusal appears. Must not touch: any clinical rule.
 */
import { useEffect, useRef, useState } from 'react';
import { AlertAnnouncer } from '../alerts/alert-announcer.js';
import { useHost } from '../carrier/use-host.js';
import { RefusalAlert } from '../components/refusal-alert.js';
import { mayUseRecords, RecordsScreen } from '../records/records-screen.js';
import { LockedBoard } from '../room/locked-board.js';
import { RoomBoard } from '../room/room-board.js';
import { useActingAs } from '../staff/acting-as.js';
import { useIdleLock } from '../staff/idle-lock.js';
import { SignInSheet } from '../staff/sign-in-sheet.js';
import { VisitScreen } from '../visit/visit-screen.js';
import { useActions } from './act.js';
import { ConnectionBanner } from './connection-banner.js';
import { TopBar } from './top-bar.js';

type Screen =
  | { kind: 'room' }
  // `overdose`: opened from a card's Overdose button, so the response panel shows at once.
  | { kind: 'visit'; visitId: string; overdose: boolean }
  | { kind: 'records' };

export function Kiosk() {
  const { room, connection } = useHost();
  const { refusal, clear } = useActions();
  const { actor } = useActingAs();
  const [screen, setScreen] = useState<Screen>({ kind: 'room' });
  const [staffOpen, setStaffOpen] = useState(false);
  // An overdose response started from the locked screen: opened as soon as someone signs in.
  const [overdoseToOpen, setOverdoseToOpen] = useState<string | null>(null);
  const { locked, signedInAgain } = useIdleLock(room);
  const ready = room !== null;

  useEffect(() => {
    // End-to-end tests wait on this instead of sleeping.
    if (ready) document.body.dataset.kioskReady = 'true';
  }, [ready]);

  const wasLocked = useRef(false);
  useEffect(() => {
    // Locking leaves nothing of the last screen behind: no visit, no records, no half-filled form.
    if (locked && !wasLocked.current) {
      setScreen({ kind: 'room' });
      setStaffOpen(false);
      clear();
    }
    wasLocked.current = locked;
  }, [locked, clear]);

  useEffect(() => {
    if (locked || overdoseToOpen === null) return;
    setScreen({ kind: 'visit', visitId: overdoseToOpen, overdose: true });
    setOverdoseToOpen(null);
  }, [locked, overdoseToOpen]);

  if (!room) {
    return (
      <main className="waiting-for-host">
        <p role="status">{connection === 'reconnecting' ? 'Reconnecting to the kiosk host…' : 'Connecting to the kiosk host…'}</p>
      </main>
    );
  }

  // A refusal belongs to the screen it was given on; moving on clears it.
  const show = (next: Screen) => {
    clear();
    setScreen(next);
  };
  const showStaff = (open: boolean) => {
    clear();
    setStaffOpen(open);
  };
  const openVisit = (visitId: string, overdose = false) => show({ kind: 'visit', visitId, overdose });
  const records = actor !== null && mayUseRecords(actor);

  return (
    <>
      <div className="kiosk" inert={staffOpen}>
        <TopBar room={room} onOpenStaff={() => showStaff(true)} onOpenRecords={records ? () => show({ kind: 'records' }) : null} />
        <ConnectionBanner connection={connection} />
        <AlertAnnouncer room={room} locked={locked} />
        <main className="screen">
          {!staffOpen && <RefusalAlert reason={refusal} onDismiss={clear} />}
          {!locked && screen.kind === 'visit' && (
            <VisitScreen key={screen.visitId} room={room} visitId={screen.visitId} overdoseFirst={screen.overdose}
              onBack={() => show({ kind: 'room' })} />
          )}
          {/* The records are only for people whose role keeps them: acting as someone else closes them. */}
          {!locked && screen.kind === 'records' && records && <RecordsScreen room={room} onBack={() => show({ kind: 'room' })} />}
          {locked && <LockedBoard room={room} onSignIn={() => showStaff(true)} onOverdoseStarted={setOverdoseToOpen} />}
          {!locked && (screen.kind === 'room' || (screen.kind === 'records' && !records)) && <RoomBoard room={room} onOpenVisit={openVisit} />}
        </main>
      </div>
      {staffOpen && <SignInSheet room={room} onClose={() => showStaff(false)} onSignedIn={signedInAgain} />}
    </>
  );
}
