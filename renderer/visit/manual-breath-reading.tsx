/**
 * A breath reading taken on another device (a handheld one) and entered by hand, offered only
 * when the host says the kiosk's breathalyser is broken or failed this visit's test. The host
 * converts the unit and applies the review and withhold levels; the screen only collects what
 * was read, on what, why, and who saw it.
 */
import { useState } from 'react';
import type { IntentionOf, VisitView } from '../../shared/contract/index.js';
import { ChoiceGroup } from '../components/choice-group.js';
import { NumberEntry, readNumber } from '../components/number-entry.js';
import { TextField, textOrNull } from '../components/text-field.js';
import { TextInput } from '../components/text-input.js';
import { useActions } from '../kiosk/act.js';
import { useWitness } from './witness-choice.js';

type Unit = IntentionOf<'recordManualBreathReading'>['unit'];

// As a handheld device's display shows them; all three are of breath, never of blood.
const unitWords: Record<Unit, string> = {
  'ug/100ml': 'µg/100 mL',
  'mg/l': 'mg/L',
  'ug/l': 'µg/L',
};

const units = (Object.keys(unitWords) as Unit[]).map((unit) => ({
  value: unit,
  name: `Unit ${unitWords[unit]}`,
  content: <>{unitWords[unit]} of breath</>,
}));

export function ManualBreathReading({ visit, onCancel }: { visit: VisitView; onCancel: () => void }) {
  const { act, explain } = useActions();
  const [value, setValue] = useState('');
  const [unit, setUnit] = useState<Unit | null>(null);
  const [device, setDevice] = useState('');
  const [reason, setReason] = useState('');
  const witness = useWitness(visit);

  const record = () => {
    const reading = readNumber(value);
    const deviceName = textOrNull(device);
    const why = textOrNull(reason);
    if (reading === null) return explain('Enter the reading the device showed first.');
    if (unit === null) return explain('Choose the unit the device showed the reading in.');
    if (deviceName === null) return explain('Say which device the reading was taken with.');
    if (why === null) return explain('Give the reason the reading is entered by hand.');
    if (witness.witnessId === null) return explain('Choose who witnesses the reading first.');
    void act({
      type: 'recordManualBreathReading', visitId: visit.visitId, value: reading, unit, device: deviceName, reason: why,
      witnessId: witness.witnessId,
    });
  };

  return (
    <section className="manual-reading" aria-label="Breath reading entered by hand">
      <h2>Enter a reading by hand</h2>
      <p className="note">Take the test on another breathalyser, then enter exactly what it shows.</p>
      <div className="step-two-columns">
        <div>
          <ChoiceGroup label="Unit the device shows" choices={units} selected={unit} onSelect={setUnit} />
          <TextInput label="Device the reading was taken with" value={device} onChange={setDevice} maxLength={80}
            hint="For example: handheld Lion SD-400, serial 1234" />
          <TextField label="Reason for entering by hand" value={reason} onChange={setReason} />
          {witness.view}
        </div>
        <div>
          <NumberEntry label="Reading" value={value} onChange={setValue} active onActivate={() => {}} required />
          {readNumber(value) !== null && unit !== null && (
            <p className="big-line">Reading entered: {value} {unitWords[unit]} of breath</p>
          )}
          <div className="decision">
            <button type="button" className="primary" onClick={record}>Record reading</button>
            <button type="button" onClick={onCancel}>Cancel</button>
          </div>
        </div>
      </div>
    </section>
  );
}
