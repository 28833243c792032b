/**
 * After naloxone in this session no diamorphine is given unless a prescriber decides otherwise.
 * Owns: recording who decided and why (often taken by phone by the nurse). Must not touch: whether
 * the decision is needed or enough; the host says so in `dosing`.
 */
import { useState } from 'react';
import type { VisitView } from '../../shared/contract/index.js';
import { ChoiceGroup } from '../components/choice-group.js';
import { TextField, textOrNull } from '../components/text-field.js';
import { useActions } from '../kiosk/act.js';
import { useActingAs } from '../staff/acting-as.js';

export function PrescriberDecision({ visit }: { visit: VisitView }) {
  const { act, explain } = useActions();
  const { may } = useActingAs();
  const [prescriberId, setPrescriberId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  if (!visit.dosing.naloxoneDecisionNeeded) return null;
  const { prescribers } = visit.dosing;

  const record = () => {
    if (prescriberId === null) return explain('Choose the prescriber who decided first.');
    const why = textOrNull(reason);
    if (why === null) return explain('Give the prescriber\'s reason first.');
    void act({ type: 'recordPrescriberDecisionAfterNaloxone', visitId: visit.visitId, prescriberId, reason: why });
  };

  return (
    <section className="prescriber-decision" aria-label="Prescriber's decision after naloxone">
      <p className="field-label">Naloxone was given in this session. A dose is given only if a prescriber decides so: record who and why.</p>
      {!may('recordPrescriberDecisionAfterNaloxone') ? (
        <p className="note">A nurse or a prescriber records the prescriber&apos;s decision.</p>
      ) : prescribers.length === 0 ? (
        <p className="warning-line">No prescriber is enrolled at this clinic: the dose cannot be given after naloxone.</p>
      ) : (
        <>
          <ChoiceGroup label="Prescriber who decided" selected={prescriberId} onSelect={setPrescriberId}
            choices={prescribers.map((p) => ({ value: p.id, name: `Prescriber ${p.displayName}`, content: p.displayName }))} />
          <TextField label="Prescriber's reason" value={reason} onChange={setReason} />
          <button type="button" className="primary" onClick={record}>Record the prescriber&apos;s decision</button>
        </>
      )}
    </section>
  );
}
