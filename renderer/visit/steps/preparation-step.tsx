import { useState } from 'react';
import { ChoiceGroup } from '../../components/choice-group.js';
import { NumberEntry, readNumber } from '../../components/number-entry.js';
import { useActions } from '../../kiosk/act.js';
import { formsWords, noFormNamed } from '../../../shared/register/prescribed-forms.js';
import { useActingAs } from '../../staff/acting-as.js';
import { PinConfirmation, type NurseAndWitnessPins } from '../pin-confirmation.js';
import { PrescriptionSummary } from '../prescription-summary.js';
import type { StepProps } from '../step-props.js';
import { useWitness } from '../witness-choice.js';
import { WithholdDose } from '../withhold-dose.js';

export function PreparationStep({ visit }: StepProps) {
  const { act, explain } = useActions();
  const { actor } = useActingAs();
  const [drawn, setDrawn] = useState('');
  const [confirming, setConfirming] = useState(false);
  // Nothing chosen for the nurse: the product drawn from is read off the ampoule in hand.
  const [chosenProduct, setChosenProduct] = useState<string | null>(null);
  const witness = useWitness(visit);
  const { products } = visit.injection;
  // A product the host now says cannot be used (its stock drawn up at another booth, say) is no longer chosen.
  // So is one whose form the prescription in force (changed since check-in, say) no longer allows.
  const productId = products.find((p) => p.productId === chosenProduct && p.problem === null && p.notPrescribed === null)?.productId ?? null;
  const { allowedForms } = visit.prescription;
  const drawnMg = readNumber(drawn);
  const blocked = visit.dosing.blocked !== null;
  const askForPins = () => {
    if (productId === null) return explain('Choose the product drawn from first.');
    if (drawnMg === null) return explain('Enter the amount drawn first.');
    if (witness.witnessId === null) return explain('Choose who witnesses the preparation first.');
    setConfirming(true);
  };
  const record = async (pins: NurseAndWitnessPins) => {
    if (productId === null || drawnMg === null || witness.witnessId === null) return;
    await act({ type: 'recordPreparation', visitId: visit.visitId, productId, drawnMg, witnessId: witness.witnessId, ...pins });
  };
  const productTitle = products.find((p) => p.productId === productId)?.title ?? null;
  // The confirmation replaces the form, so its keypad is the only one on screen.
  if (confirming && !blocked && actor && witness.witnessName && productTitle) {
    return (
      <div className="step">
        <p className="note">{drawnMg} mg drawn from {productTitle}: recorded by {actor.displayName}, witnessed by {witness.witnessName}.</p>
        <PinConfirmation entry="preparation" nurseName={actor.displayName} witnessName={witness.witnessName} onConfirm={record}
          onCancel={() => setConfirming(false)} />
      </div>
    );
  }
  return (
    <div className="step step-two-columns">
      <div>
        <PrescriptionSummary prescription={visit.prescription} />
        {/* The host works this out (prescribed or reduced dose, within the daily maximum). */}
        <p className="big-line">Draw up no more than {visit.injection.maximumDrawMg} mg</p>
        {allowedForms !== null && (allowedForms.length === 0
          ? <p className="warning-line">{noFormNamed}</p>
          : <p className="note">The prescription allows {visit.prescription.drug} as {formsWords(allowedForms)}.</p>)}
        {products.length === 0 ? (
          <p className="warning-line">
            No product of {visit.prescription.drug} is in the catalogue: a clinic lead adds it under Records &gt; Stock.
          </p>
        ) : (
          <div className="product-choices">
            <ChoiceGroup label="Product drawn from" selected={productId} onSelect={setChosenProduct}
              choices={products.map((p) => ({
                value: p.productId,
                name: `Product ${p.title}`,
                // Why the prescription does not allow it comes first: stock does not matter then.
                problem: p.notPrescribed ?? p.problem,
                content: (
                  <span className="choice-text">
                    <span className="choice-title">{p.title}</span>
                    <span className="choice-words">{p.availableMg} mg available</span>
                  </span>
                ),
              }))} />
          </div>
        )}
        {witness.view}
      </div>
      <div>
        <NumberEntry label="Amount drawn (mg)" value={drawn} onChange={setDrawn} active onActivate={() => {}} />
        {/* Disabled while the host says no dose can be given now: the reason is shown above the step. */}
        <button type="button" className="primary" disabled={blocked} onClick={askForPins}>Record preparation</button>
        <WithholdDose visit={visit} />
      </div>
    </div>
  );
}
