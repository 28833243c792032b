/**
 * The locked screen: no name, photo or dose, only how many visits are open and waiting, and each
 * open visit's Overdose button, still one touch (docs/clinical-protocol.md, Overdose response). The
 * response starts with nobody signed in; signing in then opens it to record what is given.
 * Must not touch: personal data; the host sends none while the screen is locked.
 */
import { useState } from 'react';
import type { LockedVisit, RoomView, VisitAlertStates } from '../../shared/contract/index.js';
import { clockTime } from '../../shared/clinic-time/clinic-time-text.js';
import { useActions } from '../kiosk/act.js';
import { stageWords } from './stage-words.js';

/** What a screen locked by its own timer shows before the host's locked view arrives: the same, from the last room. */
function lockedVisits(room: RoomView): LockedVisit[] {
  if (room.locked) return room.locked.visits;
  return room.visits.filter((visit) => visit.stage !== 'closed').map((visit, index) => ({
    visitId: visit.visitId, label: `Visit ${index + 1}`, stage: visit.stage, overdoseOpen: visit.overdose?.open === true,
  }));
}

/** Each visit's alert states by id, so the locked board can flag what needs someone now. */
function alertStatesById(room: RoomView): Map<string, VisitAlertStates> {
  const states = room.locked ? room.locked.visitAlerts : room.visits.map((visit) => ({ visitId: visit.visitId, ...visit.alertStates }));
  return new Map(states.map((state) => [state.visitId, state]));
}

/** In words and with a shape, never by colour alone: what a colleague across the room must come for. */
function LockedVisitFlags({ visit, states }: { visit: LockedVisit; states: VisitAlertStates | undefined }) {
  return (
    <>
      {visit.overdoseOpen && <span className="locked-flag locked-flag-overdose"> ▲ Overdose response under way</span>}
      {states?.redFlagRecordedAt && <span className="locked-flag locked-flag-red"> ◆ Red flag</span>}
      {states?.observationOverdue && <span className="locked-flag locked-flag-overdue"> ◷ Observation overdue</span>}
    </>
  );
}

export function LockedBoard({ room, onSignIn, onOverdoseStarted }: {
  room: RoomView;
  onSignIn: () => void;
  onOverdoseStarted: (visitId: string) => void;
}) {
  const { act } = useActions();
  const [started, setStarted] = useState<{ label: string; at: string } | null>(null);
  const visits = lockedVisits(room);
  const alertStates = alertStatesById(room);
  const startResponse = (visit: LockedVisit) => {
    setStarted({ label: visit.label, at: room.now });
    onOverdoseStarted(visit.visitId);
    // Nobody is acting on a locked screen: the host takes the start unattributed.
    if (!visit.overdoseOpen) void act({ type: 'startOverdoseResponse', visitId: visit.visitId, noticedMinutesAgo: 0 }, null);
  };
  return (
    <section className="locked-board" aria-labelledby="locked-heading">
      <h1 id="locked-heading">Screen locked</h1>
      <p className="note">Locked after {Math.round(room.idleLockSeconds / 60)} minutes without a touch, and everyone signed out. Sign in to carry on.</p>
      <p role="status">
        {visits.length} open visit{visits.length === 1 ? '' : 's'}, {room.locked?.waitingCount ?? room.waiting.length} waiting
        {(room.locked?.incidentCount ?? room.incidents.length) > 0 && `, ${room.locked?.incidentCount ?? room.incidents.length} incident to review`}.
      </p>
      {started && (
        <p className="banner banner-alarm" role="alert">
          Overdose response started for {started.label} at {clockTime(started.at, room.kiosk.timeZone)}. Sign in to record naloxone and what is done next.
        </p>
      )}
      <ul className="card-grid">
        {visits.map((visit) => (
          <li key={visit.visitId} className="card-slot">
            <p className="locked-visit">
              <strong>{visit.label}</strong> · {stageWords[visit.stage]}
              <LockedVisitFlags visit={visit} states={alertStates.get(visit.visitId)} />
            </p>
            <button type="button" className="overdose-button" aria-label={`Overdose: ${visit.label}`} onClick={() => startResponse(visit)}>
              Overdose
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="primary" onClick={onSignIn}>Sign in</button>
    </section>
  );
}
