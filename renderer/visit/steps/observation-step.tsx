import { useState } from 'react';
import type { IntentionOf } from '../../../shared/contract/index.js';
import { clockTime } from '../../components/clinic-time.js';
import { NumberEntry, readNumber } from '../../components/number-entry.js';
import { useActions } from '../../kiosk/act.js';
import { useActingAs } from '../../staff/acting-as.js';
import { SedationChoice } from '../sedation-choice.js';
import type { StepProps } from '../step-props.js';
import { ObservationRecords } from './observation-records.js';

type Sedation = IntentionOf<'recordObservation'>['sedation'];
type Entry = 'respiratoryRate' | 'oxygenSaturation';

export function ObservationStep({ visit, room }: StepProps) {
  const { act, explain } = useActions();
  const { may } = useActingAs();
  const [sedation, setSedation] = useState<Sedation | null>(null);
  const [respiratoryRate, setRespiratoryRate] = useState('');
  const [oxygenSaturation, setOxygenSaturation] = useState('');
  const [activeEntry, setActiveEntry] = useState<Entry>('respiratoryRate');
  const { observation } = visit;
  const at = (instant: string | null) => (instant ? clockTime(instant, room.kiosk.timeZone) : 'Not yet known');

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
    // The step stays "observation" after a record, so the form must empty itself for the next one.
    if (accepted) {
      setSedation(null);
      setRespiratoryRate('');
      setOxygenSaturation('');
      setActiveEntry('respiratoryRate');
    }
  };

  return (
    <div className="step">
      <dl className="facts facts-inline">
        <dt>Dose administered at</dt>
        <dd>{at(observation.administeredAt)}</dd>
        <dt>Earliest discharge at</dt>
        <dd>{at(observation.earliestDischargeAt)}</dd>
      </dl>
      <ObservationRecords records={observation.records} timeZone={room.kiosk.timeZone} />
      <SedationChoice visit={visit} selected={sedation} onSelect={setSedation} markNotForDosing={false} />
      <div className="entries">
        <NumberEntry label="Respiratory rate (/min)" value={respiratoryRate} onChange={setRespiratoryRate} wholeNumber
          active={activeEntry === 'respiratoryRate'} onActivate={() => setActiveEntry('respiratoryRate')} />
        {/* The site's rule: where SpO2 is recorded, discharge waits for it. */}
        <NumberEntry label="SpO2 (%)" value={oxygenSaturation} onChange={setOxygenSaturation} wholeNumber
          required={observation.recordsOxygenSaturation} active={activeEntry === 'oxygenSaturation'} onActivate={() => setActiveEntry('oxygenSaturation')} />
      </div>
      <button type="button" className="primary" onClick={() => void record()}>Record observation</button>
      <div className="discharge">
        {/* Stays tappable even with problems listed: the host gives the reason if it refuses. */}
        {may('dischargeVisit') && (
          <button type="button" className="primary" onClick={() => void act({ type: 'dischargeVisit', visitId: visit.visitId })}>Discharge</button>
        )}
        {observation.dischargeProblems.length > 0 && (
          <ul className="discharge-problems" aria-label="Before discharge">
            {observation.dischargeProblems.map((problem) => <li key={problem}>{problem}</li>)}
          </ul>
        )}
      </div>
    </div>
  );
}
