import { clockTime } from '../../../shared/clinic-time/clinic-time-text.js';
import { useActions } from '../../kiosk/act.js';
import { useActingAs } from '../../staff/acting-as.js';
import { ObservationForm } from '../observation-form.js';
import type { StepProps } from '../step-props.js';
import { DischargeProblems, NextObservationDue, ObservationRecords } from './observation-records.js';

export function ObservationStep({ visit, room }: StepProps) {
  const { act } = useActions();
  const { may } = useActingAs();
  const { observation } = visit;
  const at = (instant: string | null) => (instant ? clockTime(instant, room.kiosk.timeZone) : 'Not yet known');

  return (
    <div className="step">
      <dl className="facts facts-inline">
        <dt>Dose administered at</dt>
        <dd>{at(observation.administeredAt)}</dd>
        <dt>Earliest discharge at</dt>
        <dd>{at(observation.earliestDischargeAt)}</dd>
      </dl>
      <ObservationRecords records={observation.records} timeZone={room.kiosk.timeZone} />
      <NextObservationDue observation={observation} timeZone={room.kiosk.timeZone} />
      <ObservationForm visit={visit} />
      <div className="discharge">
        {/* Stays tappable even with problems listed: the host gives the reason if it refuses. */}
        {may('dischargeVisit') && (
          <button type="button" className="primary" onClick={() => void act({ type: 'dischargeVisit', visitId: visit.visitId })}>Discharge</button>
        )}
        <DischargeProblems problems={observation.dischargeProblems} />
      </div>
    </div>
  );
}
