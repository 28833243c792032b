import { useEffect, useRef, useState } from 'react';
import type { VisitView } from '../../shared/contract/index.js';
import { ChoiceGroup } from '../components/choice-group.js';
import { TextField, textOrNull } from '../components/text-field.js';
import { useActions } from '../kiosk/act.js';

type EndReason = VisitView['endReasons'][number];

/**
 * Ending a visit early, with a reason. Folded away until asked for, so it is never tapped by
 * mistake while recording a step. `primary`: the host says ending is the way on (the visit can no
 * longer be dosed), so it is the main action. The reasons offered are exactly the host's.
 */
export function EndVisit({ visit, primary = false }: { visit: VisitView; primary?: boolean }) {
  const { act, explain } = useActions();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<EndReason | null>(null);
  const [note, setNote] = useState('');
  const panel = useRef<HTMLElement>(null);
  // The panel opens at the foot of a long step; bring it up to where the finger is.
  useEffect(() => {
    if (open) panel.current?.scrollIntoView({ block: 'nearest' });
  }, [open]);

  if (!open) {
    return <button type="button" className={primary ? 'primary end-visit-now' : 'end-visit'} onClick={() => setOpen(true)}>End visit</button>;
  }
  const confirm = () => {
    if (reason === null) return explain('Choose why the visit is ending first.');
    void act({ type: 'endVisit', visitId: visit.visitId, reason, note: textOrNull(note) });
  };
  return (
    <section ref={panel} className="end-visit-panel" aria-label="Ending the visit">
      <ChoiceGroup
        label="Why is the visit ending?"
        choices={visit.endReasons.map((r) => ({ value: r, name: r, content: r }))}
        selected={reason}
        onSelect={setReason}
      />
      <TextField label="Note" value={note} onChange={setNote} />
      <div className="decision">
        <button type="button" className="withhold" onClick={confirm}>Confirm end of visit</button>
        <button type="button" onClick={() => setOpen(false)}>Cancel</button>
      </div>
    </section>
  );
}
