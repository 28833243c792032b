import { useState } from 'react';
import { TextField, textOrNull } from '../../components/text-field.js';
import { useActions } from '../../kiosk/act.js';
import { micrograms } from '../breath-reading.js';
import type { StepProps } from '../step-props.js';

/** A reading at or above the review level needs a nurse's decision with a reason. */
export function BreathReviewStep({ visit }: StepProps) {
  const { act } = useActions();
  const [reason, setReason] = useState('');
  const { breath } = visit;
  const decide = (decision: 'proceed' | 'withhold') =>
    void act({ type: 'decideBreathReview', visitId: visit.visitId, decision, reason: textOrNull(reason) });
  return (
    <div className="step">
      <dl className="facts">
        <dt>Nurse reviews at or above</dt>
        <dd>{micrograms(breath.reviewAtOrAbove)}</dd>
        <dt>Dose withheld at or above</dt>
        <dd>{micrograms(breath.withholdAtOrAbove)}</dd>
      </dl>
      <TextField label="Reason" value={reason} onChange={setReason} />
      <div className="decision">
        <button type="button" className="primary" onClick={() => decide('proceed')}>Proceed</button>
        <button type="button" className="withhold" onClick={() => decide('withhold')}>Withhold dose</button>
      </div>
    </div>
  );
}
