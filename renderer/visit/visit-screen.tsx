/**
 * One visit, at whatever step the host says it is. Owns: drawing that step and sending what the
 * nurse records; while an overdose response is shown it is the main area, the step below it. Must not touch: whether a step is allowed;
 * a refusal comes back from the host.
 */
import { useState } from 'react';
import type { RoomView, VisitView } from '../../shared/contract/index.js';
import { clockTime, timeSince } from '../../shared/clinic-time/clinic-time-text.js';
import { Photo } from '../components/photo.js';
import { OverdoseButton } from '../overdose/overdose-button.js';
import { OverdosePanel } from '../overdose/overdose-panel.js';
import { RedFlagAlert } from '../overdose/red-flag-alert.js';
import { personName, stageWords } from '../room/stage-words.js';
import { useActingAs } from '../staff/acting-as.js';
import { BreathReading } from './breath-reading.js';
import { Cautions, DoseBlocked, PrescriptionChanged, endVisitIsTheWayOn } from './dose-safety.js';
import { EndVisit } from './end-visit.js';
import { PrescriberDecision } from './prescriber-decision.js';
import { StepView } from './step-view.js';

/**
 * Naloxone wears off before diamorphine does: for the rest of the visit its header says naloxone
 * was given, in words and with a shape of its own (never by colour alone).
 */
function NaloxoneGivenBadge({ given, timeZone }: { given: VisitView['naloxoneGiven']; timeZone: string }) {
  if (!given) return null;
  const doses = given.doses === 1 ? '1 dose' : `${given.doses} doses`;
  return (
    <p className="naloxone-given-badge">
      <span className="badge-icon" aria-hidden="true">◆</span> Naloxone given: {doses}, last at {clockTime(given.lastAt, timeZone)}
    </p>
  );
}

// 'auto': shown while a response is open (a colleague may have started it on another screen).
type Panel = 'auto' | 'shown' | 'hidden';

export function VisitScreen({ room, visitId, overdoseFirst, onBack }: {
  room: RoomView;
  visitId: string;
  overdoseFirst: boolean;
  onBack: () => void;
}) {
  const { may } = useActingAs();
  const visit = room.visits.find((v) => v.visitId === visitId);
  // Remembered so a visit that has just closed is not mistaken for one still opening.
  const [seen, setSeen] = useState(false);
  const [panel, setPanel] = useState<Panel>(overdoseFirst ? 'shown' : 'auto');
  if (visit && !seen) setSeen(true);
  const open = visit !== undefined && visit.stage !== 'closed';
  const showPanel = visit !== undefined && (panel === 'shown' || (panel === 'auto' && visit.overdose?.open === true));

  return (
    <section className="visit-screen" aria-label={visit ? `Visit for ${personName(visit.person)}` : 'Visit'}>
      <div className="visit-header">
        <button type="button" className="back" onClick={onBack}>Back to room</button>
        {visit && (
          <>
            <Photo person={visit.person} size="small" decorative />
            <div className="visit-title">
              <h1>{personName(visit.person)}</h1>
              <p className="stage-line">
                {stageWords[visit.stage]}, {timeSince(visit.stageSince, room.now)}. {visit.session}. Next: {visit.dueNext}
                {visit.overdue && <strong className="visit-overdue">Overdue</strong>}
              </p>
              <NaloxoneGivenBadge given={visit.naloxoneGiven} timeZone={room.kiosk.timeZone} />
            </div>
            {open && <OverdoseButton visit={visit} name="Overdose" onStarted={() => setPanel('shown')} />}
          </>
        )}
      </div>
      {visit ? (
        <div className={showPanel ? 'visit-body visit-body-overdose' : 'visit-body'}>
          {/* First and full width: the response is what everyone in the room is doing now. */}
          {showPanel && <OverdosePanel visit={visit} room={room} onHide={() => setPanel('hidden')} />}
          <div className="visit-step-column">
            {/* Above the step, so each is read before any tap: the danger first, then why no dose, then what changed. */}
            {open && <RedFlagAlert visit={visit} onStarted={() => setPanel('shown')} />}
            <DoseBlocked visit={visit} />
            <PrescriberDecision key={`${visit.visitId}:decision`} visit={visit} />
            <PrescriptionChanged visit={visit} />
            <Cautions visit={visit} />
            {/* Shown at every step once there is one, whoever is acting: it belongs to this visit alone. */}
            {visit.breath.reading && <BreathReading reading={visit.breath.reading} />}
            {/* Keyed by step so a half-filled form never carries over into the next step. */}
            <StepView key={`${visit.visitId}:${visit.step}`} visit={visit} room={room} />
            {visit.endReasons.length > 0 && may('endVisit') && !endVisitIsTheWayOn(visit) && <EndVisit key={visit.visitId} visit={visit} />}
          </div>
        </div>
      ) : (
        <p className="note" role="status">
          {seen ? 'This visit is no longer open.' : 'Opening the visit…'}
        </p>
      )}
    </section>
  );
}
