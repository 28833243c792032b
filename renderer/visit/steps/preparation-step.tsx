import { useState } from 'react';
import { NumberEntry, readNumber } from '../../components/number-entry.js';
import { useActions } from '../../kiosk/act.js';
import { PrescriptionSummary } from '../prescription-summary.js';
import type { StepProps } from '../step-props.js';
import { RecordedBy, WithholdDose } from '../withhold-dose.js';

export function PreparationStep({ visit }: StepProps) {
  const { act, explain } = useActions();
  const [drawn, setDrawn] = useState('');
  const record = () => {
    const drawnMg = readNumber(drawn);
    if (drawnMg === null) return explain('Enter the amount drawn first.');
    void act({ type: 'recordPreparation', visitId: visit.visitId, drawnMg });
  };
  return (
    <div className="step step-two-columns">
      <PrescriptionSummary prescription={visit.prescription} />
      <div>
        <NumberEntry label="Amount drawn (mg)" value={drawn} onChange={setDrawn} active onActivate={() => {}} />
        <RecordedBy visit={visit} />
        <button type="button" className="primary" onClick={record}>Record preparation</button>
        <WithholdDose visit={visit} />
      </div>
    </div>
  );
}
