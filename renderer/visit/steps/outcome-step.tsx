import { clockTime } from '../../../shared/clinic-time/clinic-time-text.js';
import type { StepProps } from '../step-props.js';

const fallbackWords = { doseWithheld: 'Dose withheld.', discharged: 'Discharged.', ended: 'Visit ended.' } as const;

export function OutcomeStep({ visit, room, step }: StepProps & { step: keyof typeof fallbackWords }) {
  return (
    <div className="step">
      <p className="outcome">{visit.outcome?.words ?? fallbackWords[step]}</p>
      {visit.outcome && <p className="note">At {clockTime(visit.outcome.at, room.kiosk.timeZone)}</p>}
    </div>
  );
}
