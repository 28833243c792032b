import { useState } from 'react';
import type { IntentionOf, VisitView } from '../../../shared/contract/index.js';
import { ChoiceGroup } from '../../components/choice-group.js';
import { TextField, textOrNull } from '../../components/text-field.js';
import { ToggleButton } from '../../components/toggle-button.js';
import { useActions } from '../../kiosk/act.js';
import { SedationChoice } from '../sedation-choice.js';
import type { StepProps } from '../step-props.js';

type Sedation = IntentionOf<'recordPreDoseCheck'>['sedation'];
type Substance = VisitView['preDoseCheck']['substances'][number];
type YesNo = 'yes' | 'no';

const yesNo = [
  { value: 'yes', name: 'Signs of intoxication: Yes', content: 'Yes' },
  { value: 'no', name: 'Signs of intoxication: No', content: 'No' },
] as const;

/** Records what staff saw and what the person reported; the host decides whether the dose may go ahead. */
export function PreDoseCheckStep({ visit }: StepProps) {
  const { act, explain } = useActions();
  const [sedation, setSedation] = useState<Sedation | null>(null);
  const [intoxication, setIntoxication] = useState<YesNo | null>(null);
  const [used, setUsed] = useState<ReadonlySet<Substance>>(new Set());
  const [breathAsked, setBreathAsked] = useState(false);
  const [reason, setReason] = useState('');

  const toggleUse = (substance: Substance) => {
    const next = new Set(used);
    if (!next.delete(substance)) next.add(substance);
    setUsed(next);
  };

  const record = (decision: 'proceed' | 'withhold') => {
    if (sedation === null) return explain('Choose a sedation level first.');
    if (intoxication === null) return explain('Answer "Signs of intoxication" first.');
    void act({
      type: 'recordPreDoseCheck',
      visitId: visit.visitId,
      sedation,
      intoxicationSigns: intoxication === 'yes',
      selfReportedUse: visit.preDoseCheck.substances.filter((s) => used.has(s)),
      breathTestRequested: breathAsked,
      decision,
      reason: textOrNull(reason),
    });
  };

  return (
    <div className="step">
      <SedationChoice visit={visit} selected={sedation} onSelect={setSedation} markNotForDosing />
      <ChoiceGroup label="Signs of intoxication" choices={yesNo} selected={intoxication} onSelect={setIntoxication} />
      <div className="field">
        <p className="field-label">Used since last visit (as the person reports)</p>
        <div className="choices">
          {visit.preDoseCheck.substances.map((substance) => (
            <ToggleButton key={substance} label={substance} name={`Used since last visit: ${substance}`} pressed={used.has(substance)} onToggle={() => toggleUse(substance)} />
          ))}
        </div>
      </div>
      {visit.preDoseCheck.breathTestRequired ? (
        <p className="note">Breath test required for this person</p>
      ) : (
        <ToggleButton label="Ask for a breath test" pressed={breathAsked} onToggle={() => setBreathAsked(!breathAsked)} />
      )}
      <TextField label="Reason" value={reason} onChange={setReason} />
      <div className="decision">
        <button type="button" className="primary" onClick={() => record('proceed')}>Proceed</button>
        <button type="button" className="withhold" onClick={() => record('withhold')}>Withhold dose</button>
      </div>
    </div>
  );
}
