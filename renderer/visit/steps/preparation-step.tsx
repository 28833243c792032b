import { useState } from 'react';
import { NumberEntry, readNumber } from '../../components/number-entry.js';
import { useActions } from '../../kiosk/act.js';
import { PrescriptionSummary } from '../prescription-summary.js';
import type { StepProps } from '../step-props.js';
import { useWitness } from '../witness-choice.js';
import { WithholdDose } from '../withhold-dose.js';

export function PreparationStep({ visit }: StepProps) {
  const { act, explain } = useActions();
  const [drawn, setDrawn] = useState('');
  const witness = useWitness(visit);
  const record = () => {
    const drawnMg = readNumber(drawn);
    if (drawnMg === null) return explain('Enter the amount drawn first.');
    if (witness.witnessId === null) return explain('Choose who witnesses the preparation first.');
    void act({ type: 'recordPreparation', visitId: visit.visitId, drawnMg, witnessId: witness.witnessId });
  };
  return (
    <div className="step step-two-columns">
      <div>
        <PrescriptionSummary prescription={visit.prescription} />
        {/* The host works this out (prescribed or reduced dose, within the daily maximum). */}
        <p className="big-line">Draw up no more than {visit.injection.maximumDrawMg} mg</p>
        {witness.view}
      </div>
      <div>
        <NumberEntry label="Amount drawn (mg)" value={drawn} onChange={setDrawn} active onActivate={() => {}} />
        {/* Disabled while the host says no dose can be given now: the reason is shown above the step. */}
        <button type="button" className="primary" disabled={visit.dosing.blocked !== null} onClick={record}>Record preparation</button>
        <WithholdDose visit={visit} />
      </div>
    </div>
  );
}
