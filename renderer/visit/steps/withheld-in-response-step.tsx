import { ObservationForm } from '../observation-form.js';
import type { StepProps } from '../step-props.js';
import { ObservationRecords } from './observation-records.js';

/** The dose is withheld, but the person is still in the overdose response's care: the visit closes with its outcome. */
export function WithheldInResponseStep({ visit, room }: StepProps) {
  return (
    <div className="step">
      <p className="outcome">Dose withheld.</p>
      {visit.withheldReason && <p className="note">Reason: {visit.withheldReason}</p>}
      <p className="warning-line">
        The overdose response is still open. Record its outcome in the overdose panel: the visit closes with it.
      </p>
      <ObservationRecords records={visit.observation.records} timeZone={room.kiosk.timeZone} />
      <ObservationForm visit={visit} />
    </div>
  );
}
