import { useState } from 'react';
import type { IntentionOf, VisitView } from '../../shared/contract/index.js';
import { NumberEntry, readNumber } from '../components/number-entry.js';
import { useActions } from '../kiosk/act.js';
import { SedationChoice } from './sedation-choice.js';

type Sedation = IntentionOf<'recordObservation'>['sedation'];
type Entry = 'respiratoryRate' | 'oxygenSaturation';

/**
 * Sedation, respiratory rate and SpO2: after the dose, and at any step while the overdose
 * response is open (the host takes an observation at every open step).
 */
export function ObservationForm({ visit }: { visit: VisitView }) {
  const { act, explain } = useActions();
  const [sedation, setSedation] = useState<Sedation | null>(null);
  const [respiratoryRate, setRespiratoryRate] = useState('');
  const [oxygenSaturation, setOxygenSaturation] = useState('');
  const [activeEntry, setActiveEntry] = useState<Entry>('respiratoryRate');

  const record = async () => {
    const rate = readNumber(respiratoryRate);
    if (sedation === null) return explain('Choose a sedation level first.');
    if (rate === null) return explain('Enter the respiratory rate first.');
    const accepted = await act({
      type: 'recordObservation',
      visitId: visit.visitId,
      sedation,
      respiratoryRate: rate,
      oxygenSaturation: readNumber(oxygenSaturation),
    });
    // The step stays where it is after a record, so the form must empty itself for the next one.
    if (accepted) {
      setSedation(null);
      setRespiratoryRate('');
      setOxygenSaturation('');
      setActiveEntry('respiratoryRate');
    }
  };

  return (
    <>
      <SedationChoice visit={visit} selected={sedation} onSelect={setSedation} markNotForDosing={false} />
      <div className="entries">
        <NumberEntry label="Respiratory rate (/min)" value={respiratoryRate} onChange={setRespiratoryRate} wholeNumber
          active={activeEntry === 'respiratoryRate'} onActivate={() => setActiveEntry('respiratoryRate')} />
        {/* The site's rule: where SpO2 is recorded, discharge waits for it. */}
        <NumberEntry label="SpO2 (%)" value={oxygenSaturation} onChange={setOxygenSaturation} wholeNumber
          required={visit.observation.recordsOxygenSaturation} active={activeEntry === 'oxygenSaturation'} onActivate={() => setActiveEntry('oxygenSaturation')} />
      </div>
      <button type="button" className="primary" onClick={() => void record()}>Record observation</button>
    </>
  );
}
