import { useState } from 'react';
import type { VisitView } from '../../../shared/contract/index.js';
import { NumberEntry, readNumber } from '../../components/number-entry.js';
import { TextField, textOrNull } from '../../components/text-field.js';
import { useActions } from '../../kiosk/act.js';

type Range = NonNullable<VisitView['prescription']['reducedDoseRange']>;

/**
 * A reduced dose within the range the prescriber wrote. At a sedation level where reducing needs
 * the prescriber's agreement, the site's rule (sent by the host) asks who was contacted.
 */
export function ReducedDose({ range, needsPrescriber, onConfirm, onCancel }: {
  range: Range;
  needsPrescriber: boolean;
  onConfirm: (mg: number, prescriberContact: string | null) => void;
  onCancel: () => void;
}) {
  const { explain } = useActions();
  const [amount, setAmount] = useState('');
  const [contact, setContact] = useState('');
  const confirm = () => {
    const mg = readNumber(amount);
    if (mg === null) return explain('Enter the reduced dose first.');
    onConfirm(mg, textOrNull(contact));
  };
  return (
    <section className="end-visit-panel" aria-label="Reducing the dose">
      <p className="big-line">Prescribed range for a reduced dose: {range.minMg} to {range.maxMg} mg</p>
      <NumberEntry label="Reduced dose (mg)" value={amount} onChange={setAmount} active onActivate={() => {}} />
      {needsPrescriber && (
        <TextField label="Prescriber contacted (who, how, what they agreed)" value={contact} onChange={setContact} />
      )}
      <div className="decision">
        <button type="button" className="primary" onClick={confirm}>Confirm reduced dose</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </section>
  );
}
