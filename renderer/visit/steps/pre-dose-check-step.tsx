import { useState } from 'react';
import type { IntentionOf, VisitView } from '../../../shared/contract/index.js';
import { ChoiceGroup } from '../../components/choice-group.js';
import { TextField, textOrNull } from '../../components/text-field.js';
import { ToggleButton } from '../../components/toggle-button.js';
import { useActions } from '../../kiosk/act.js';
import { SedationChoice } from '../sedation-choice.js';
import type { StepProps } from '../step-props.js';
import { ReducedDose } from './reduced-dose.js';

type Check = IntentionOf<'recordPreDoseCheck'>;
type Sedation = Check['sedation'];
type Substance = VisitView['preDoseCheck']['substances'][number];
type YesNo = 'yes' | 'no';

const yesNo = [
  { value: 'yes', name: 'Signs of intoxication: Yes', content: 'Yes' },
  { value: 'no', name: 'Signs of intoxication: No', content: 'No' },
] as const;

/**
 * Records what staff saw and what the person reported, and the nurse's decision: proceed, reduce
 * (within the prescribed range, with a reason) or withhold (with a reason). The host decides
 * whether the decision stands and says why when it does not.
 */
export function PreDoseCheckStep({ visit }: StepProps) {
  const { act, explain } = useActions();
  const [sedation, setSedation] = useState<Sedation | null>(null);
  const [intoxication, setIntoxication] = useState<YesNo | null>(null);
  const [used, setUsed] = useState<ReadonlySet<Substance>>(new Set());
  const [breathAsked, setBreathAsked] = useState(false);
  const [reason, setReason] = useState('');
  const [reducing, setReducing] = useState(false);
  const level = visit.preDoseCheck.sedationLevels.find((s) => s.level === sedation) ?? null;

  const toggleUse = (substance: Substance) => {
    const next = new Set(used);
    if (!next.delete(substance)) next.add(substance);
    setUsed(next);
  };

  const record = (decision: Check['decision'], reduced: { mg: number | null; prescriberContact: string | null } = { mg: null, prescriberContact: null }) => {
    if (sedation === null) return explain('Choose a sedation level first.');
    // Withholding needs only a reason: a nurse may always withhold.
    if (intoxication === null && decision !== 'withhold') return explain('Answer "Signs of intoxication" first.');
    void act({
      type: 'recordPreDoseCheck',
      visitId: visit.visitId,
      sedation,
      intoxicationSigns: intoxication === 'yes',
      selfReportedUse: visit.preDoseCheck.substances.filter((s) => used.has(s)),
      breathTestRequested: breathAsked,
      decision,
      reducedDoseMg: reduced.mg,
      prescriberContact: reduced.prescriberContact,
      reason: textOrNull(reason),
    });
  };

  return (
    <div className="step">
      <SedationChoice visit={visit} selected={sedation} onSelect={setSedation} markNotForDosing />
      {level?.startsOverdoseResponse && (
        <p className="warning-line" role="note">At this level the dose is withheld and the overdose response starts: use the Overdose button if it has not.</p>
      )}
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
      {reducing && visit.prescription.reducedDoseRange ? (
        <ReducedDose range={visit.prescription.reducedDoseRange} needsPrescriber={level?.mayReduceWithPrescriberContact ?? false}
          onConfirm={(mg, prescriberContact) => record('reduce', { mg, prescriberContact })} onCancel={() => setReducing(false)} />
      ) : (
        <div className="decision">
          <button type="button" className="primary" onClick={() => record('proceed')}>Proceed</button>
          {/* Only a prescription with a reduced-dose range can be reduced; the host checks the amount. */}
          {visit.prescription.reducedDoseRange && <button type="button" onClick={() => setReducing(true)}>Reduce dose</button>}
          <button type="button" className="withhold" onClick={() => record('withhold')}>Withhold dose</button>
        </div>
      )}
    </div>
  );
}
