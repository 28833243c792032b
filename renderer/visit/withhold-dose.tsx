import { useState } from 'react';
import type { VisitView } from '../../shared/contract/index.js';
import { TextField, textOrNull } from '../components/text-field.js';
import { useActions } from '../kiosk/act.js';
import { useActingAs } from '../staff/acting-as.js';

/**
 * A nurse may always withhold a dose, with a reason. Folded away until asked for, like ending a
 * visit, so it is never tapped by mistake while recording a step.
 */
export function WithholdDose({ visit }: { visit: VisitView }) {
  const { act } = useActions();
  const { may } = useActingAs();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  if (!may('withholdDose')) return null;
  if (!open) return <button type="button" className="withhold" onClick={() => setOpen(true)}>Withhold this dose</button>;
  return (
    <section className="end-visit-panel" aria-label="Withholding the dose">
      <TextField label="Reason for withholding" value={reason} onChange={setReason} />
      <div className="decision">
        <button type="button" className="withhold" onClick={() => void act({ type: 'withholdDose', visitId: visit.visitId, reason: textOrNull(reason) })}>
          Confirm: withhold dose
        </button>
        <button type="button" onClick={() => setOpen(false)}>Cancel</button>
      </div>
    </section>
  );
}
