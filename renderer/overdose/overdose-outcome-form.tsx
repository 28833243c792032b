import { useState } from 'react';
import type { VisitView } from '../../shared/contract/index.js';
import { ChoiceGroup } from '../components/choice-group.js';
import { TextField, textOrNull } from '../components/text-field.js';
import { useActions } from '../kiosk/act.js';

type Outcome = VisitView['overdoseOutcomes'][number];

/** Closing the response: the visit can neither be discharged nor closed while it is open. */
export function OverdoseOutcomeForm({ visit }: { visit: VisitView }) {
  const { act, explain } = useActions();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [note, setNote] = useState('');
  const record = () => {
    if (outcome === null) return explain('Choose the outcome of the overdose response first.');
    void act({ type: 'recordOverdoseOutcome', visitId: visit.visitId, outcome, note: textOrNull(note) });
  };
  return (
    <section className="overdose-outcome" aria-label="Outcome of the overdose response">
      <ChoiceGroup label="Outcome" selected={outcome} onSelect={setOutcome}
        choices={visit.overdoseOutcomes.map((o) => ({ value: o, name: `Outcome: ${o}`, content: o }))} />
      <TextField label="Outcome note" value={note} onChange={setNote} />
      <button type="button" className="primary" onClick={record}>Record outcome</button>
    </section>
  );
}
