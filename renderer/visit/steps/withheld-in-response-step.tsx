import { useActions } from '../../kiosk/act.js';
import { useActingAs } from '../../staff/acting-as.js';
import { ObservationForm } from '../observation-form.js';
import type { StepProps } from '../step-props.js';
import { DischargeProblems, NextObservationDue, ObservationRecords } from './observation-records.js';

/**
 * The dose is withheld, but the person is still in the overdose response's care. Recording the
 * response's outcome does not close the visit: the person is observed until the host says the
 * observation time after the response has passed, then discharged; before that the only exits are
 * End visit with transfer to hospital or leaving against advice.
 */
export function WithheldInResponseStep({ visit, room }: StepProps) {
  const { act } = useActions();
  const { may } = useActingAs();
  const responseOpen = visit.overdose?.open === true;
  const { observation } = visit;
  return (
    <div className="step">
      <p className="outcome">Dose withheld.</p>
      {visit.withheldReason && <p className="note">Reason: {visit.withheldReason}</p>}
      <p className="warning-line">
        {responseOpen
          ? 'The overdose response is still open. Record its outcome in the overdose panel, and keep observing.'
          : `Keep observing after the overdose response. Next: ${visit.dueNext}.`}
      </p>
      <ObservationRecords records={observation.records} timeZone={room.kiosk.timeZone} />
      <NextObservationDue observation={observation} timeZone={room.kiosk.timeZone} />
      {may('recordObservation') && <ObservationForm visit={visit} />}
      <div className="discharge">
        {/* Stays tappable: the host says what is still needed if it refuses (observation time, a last observation). */}
        {may('dischargeVisit') && (
          <button type="button" className="primary" onClick={() => void act({ type: 'dischargeVisit', visitId: visit.visitId })}>Discharge</button>
        )}
        <DischargeProblems problems={observation.dischargeProblems} />
      </div>
    </div>
  );
}
