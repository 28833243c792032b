import type { StepProps } from '../step-props.js';
import { WithholdDose } from '../withhold-dose.js';

/** Drawn up, then not given: the whole amount has been wasted, witnessed. The visit closes from here. */
export function DoseWastedStep({ visit }: StepProps) {
  return (
    <div className="step">
      <p className="note">
        The dose was not given: all {visit.injection.drawnMg ?? 0} mg drawn up was wasted, witnessed.
        Withhold the dose with a reason, or end the visit below.
      </p>
      <WithholdDose visit={visit} />
    </div>
  );
}
