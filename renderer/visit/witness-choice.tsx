/**
 * The second person for preparation, administration and waste. Once a dose is prepared the pair is
 * fixed (roles are not swapped mid-procedure: Royal Marsden manual, NMC), so the host sends it and
 * the screen only says it; before that the nurse chooses a witness from the host's candidates.
 */
import { useState, type ReactNode } from 'react';
import type { VisitView } from '../../shared/contract/index.js';
import { ChoiceGroup } from '../components/choice-group.js';
import { useActingAs } from '../staff/acting-as.js';
import { roleWords } from '../staff/staff-words.js';

export function useWitness(visit: VisitView): { witnessId: string | null; witnessName: string | null; view: ReactNode } {
  const { actor } = useActingAs();
  const [chosen, setChosen] = useState<string | null>(null);
  const { nurse, witness, candidates } = visit.witnessing;

  if (nurse && witness) {
    return {
      witnessId: witness.id,
      witnessName: witness.displayName,
      view: (
        <div className="recorded-by" role="note">
          <p>Recorded by {nurse.displayName}, witnessed by {witness.displayName}.</p>
          {actor?.id !== nurse.id && <p className="warning-line">Act as {nurse.displayName} to record this step.</p>}
        </div>
      ),
    };
  }

  const others = candidates.filter((c) => c.id !== actor?.id);
  const picked = others.find((c) => c.id === chosen) ?? null;
  return {
    witnessId: picked?.id ?? null,
    witnessName: picked?.displayName ?? null,
    view: (
      <div className="witness-choice">
        {others.length === 0 ? (
          <p className="warning-line">No second person is signed in to witness this step. Ask a colleague to sign in.</p>
        ) : (
          <ChoiceGroup label="Witness" selected={picked?.id ?? null} onSelect={setChosen}
            choices={others.map((c) => ({ value: c.id, name: `Witness ${c.displayName}`, content: <>{c.displayName} <span className="roster-role">({roleWords[c.role]})</span></> }))} />
        )}
        {picked && actor && <p className="recorded-by" role="note">Recorded by {actor.displayName}, witnessed by {picked.displayName}.</p>}
      </div>
    ),
  };
}
