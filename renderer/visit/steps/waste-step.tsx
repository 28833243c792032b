import { useState } from 'react';
import { NumberEntry, readNumber } from '../../components/number-entry.js';
import { useActions } from '../../kiosk/act.js';
import { useActingAs } from '../../staff/acting-as.js';
import { PinConfirmation, type NurseAndWitnessPins } from '../pin-confirmation.js';
import type { StepProps } from '../step-props.js';
import { useWitness } from '../witness-choice.js';

/** Surplus is destroyed in front of a witness, both signing with their PINs; the host checks the amounts balance. */
export function WasteStep({ visit }: StepProps) {
  const { act, explain } = useActions();
  const { actor } = useActingAs();
  const [wasted, setWasted] = useState('');
  const [confirming, setConfirming] = useState(false);
  const witness = useWitness(visit);
  const wastedMg = readNumber(wasted);
  const askForPins = () => {
    if (wastedMg === null) return explain('Enter the amount wasted first.');
    if (witness.witnessId === null) return explain('Choose who witnesses the waste first.');
    setConfirming(true);
  };
  const record = async (pins: NurseAndWitnessPins) => {
    if (wastedMg === null || witness.witnessId === null) return;
    await act({ type: 'recordWaste', visitId: visit.visitId, wastedMg, witnessId: witness.witnessId, ...pins });
  };
  // The confirmation replaces the form, so its keypad is the only one on screen.
  if (confirming && actor && witness.witnessName) {
    return (
      <div className="step">
        <p className="note">{wastedMg} mg wasted: recorded by {actor.displayName}, witnessed by {witness.witnessName}.</p>
        <PinConfirmation entry="waste" nurseName={actor.displayName} witnessName={witness.witnessName} onConfirm={record}
          onCancel={() => setConfirming(false)} />
      </div>
    );
  }
  return (
    <div className="step">
      <p className="big-line">Surplus to waste: {visit.injection.surplusMg} mg</p>
      {visit.injection.productTitle !== null && <p className="note">Drawn from {visit.injection.productTitle}</p>}
      <NumberEntry label="Amount wasted (mg)" value={wasted} onChange={setWasted} active onActivate={() => {}} />
      {witness.view}
      <button type="button" className="primary" onClick={askForPins}>Record waste</button>
    </div>
  );
}
