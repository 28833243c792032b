/**
 * One visit, at whatever step the host says it is. Owns: drawing that step and sending what the
 * nurse records. Must not touch: whether a step is allowed; a refusal comes back from the host.
 */
import { useState } from 'react';
import type { RoomView } from '../../shared/contract/index.js';
import { timeSince } from '../components/clinic-time.js';
import { Photo } from '../components/photo.js';
import { personName, stageWords } from '../room/stage-words.js';
import { EndVisit } from './end-visit.js';
import { StepView } from './step-view.js';

export function VisitScreen({ room, visitId, onBack }: { room: RoomView; visitId: string; onBack: () => void }) {
  const visit = room.visits.find((v) => v.visitId === visitId);
  // Remembered so a visit that has just closed is not mistaken for one still opening.
  const [seen, setSeen] = useState(false);
  if (visit && !seen) setSeen(true);
  return (
    <section className="visit-screen" aria-label={visit ? `Visit for ${personName(visit.person)}` : 'Visit'}>
      <div className="visit-header">
        <button type="button" className="back" onClick={onBack}>Back to room</button>
        {visit && (
          <>
            <Photo person={visit.person} size="small" decorative />
            <div>
              <h1>{personName(visit.person)}</h1>
              <p className="stage-line">
                {stageWords[visit.stage]}, {timeSince(visit.stageSince, room.now)}. Next: {visit.dueNext}
                {visit.overdue && <strong className="overdue-flag"> Overdue</strong>}
              </p>
            </div>
          </>
        )}
      </div>
      {visit ? (
        <>
          {/* Keyed by step so a half-filled form never carries over into the next step. */}
          <StepView key={`${visit.visitId}:${visit.step}`} visit={visit} room={room} />
          {visit.endReasons.length > 0 && <EndVisit key={visit.visitId} visit={visit} />}
        </>
      ) : (
        <p className="note" role="status">
          {seen ? 'This visit is no longer open.' : 'Opening the visit…'}
        </p>
      )}
    </section>
  );
}
