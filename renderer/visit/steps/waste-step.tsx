import { useState } from 'react';
import { NumberEntry, readNumber } from '../../components/number-entry.js';
import { useActions } from '../../kiosk/act.js';
import type { StepProps } from '../step-props.js';
import { useWitness } from '../witness-choice.js';

/** Surplus is destroyed in front of a witness; the host checks the amounts balance. */
export function WasteStep({ visit }: StepProps) {
  const { act, explain } = useActions();
  const [wasted, setWasted] = useState('');
  const witness = useWitness(visit);
  const record = () => {
    const wastedMg = readNumber(wasted);
    if (wastedMg === null) return explain('Enter the amount wasted first.');
    if (witness.witnessId === null) return explain('Choose who witnesses the waste first.');
    void act({ type: 'recordWaste', visitId: visit.visitId, wastedMg, witnessId: witness.witnessId });
  };
  return (
    <div className="step">
      <p className="big-line">Surplus to waste: {visit.injection.surplusMg} mg</p>
      {visit.injection.productTitle !== null && <p className="note">Drawn from {visit.injection.productTitle}</p>}
      <NumberEntry label="Amount wasted (mg)" value={wasted} onChange={setWasted} active onActivate={() => {}} />
      {witness.view}
      <button type="button" className="primary" onClick={record}>Record waste</button>
    </div>
  );
}
