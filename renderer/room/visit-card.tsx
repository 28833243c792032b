import { useId } from 'react';
import type { VisitView } from '../../shared/contract/index.js';
import { timeSince } from '../../shared/clinic-time/clinic-time-text.js';
import { Photo } from '../components/photo.js';
import { outcomeWords, personName, stageWords } from './stage-words.js';

/**
 * One open visit at a glance. Readable from across the room, so no full name, birth date or dose,
 * and a red flag is only the words "Red flag": its numbers stay on the visit screen.
 */
export function VisitCard({ visit, now, onOpen }: { visit: VisitView; now: string; onOpen: () => void }) {
  const detailsId = useId();
  const name = personName(visit.person);
  const overdose = visit.overdose?.open === true;
  const redFlag = visit.redFlags.length > 0;
  const red = overdose || visit.overdue || redFlag;
  return (
    <button
      type="button"
      className={red ? 'visit-card visit-card-overdue' : 'visit-card'}
      aria-label={`Open visit for ${name}`}
      aria-describedby={detailsId}
      onClick={onOpen}
    >
      <Photo person={visit.person} size="small" decorative />
      <span className="card-text">
        <span className="card-name">{name}</span>
        <span id={detailsId} className="card-details">
          {overdose && <span className="overdue-flag">Overdose response. </span>}
          {redFlag && !overdose && <span className="overdue-flag">Red flag. </span>}
          {/* During a response the host marks the visit overdue too: one flag, the one that matters. */}
          {visit.overdue && !overdose && <span className="overdue-flag">Overdue. </span>}
          <span className="card-stage">
            {visit.outcome ? outcomeWords[visit.outcome.kind] : stageWords[visit.stage]}, {timeSince(visit.stageSince, now)}.{' '}
          </span>
          {visit.stage !== 'closed' && <span className="card-due">Next: {visit.dueNext}</span>}
        </span>
      </span>
    </button>
  );
}
