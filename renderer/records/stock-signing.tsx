/**
 * What every register entry's form shares: the product chosen, the second person chosen as
 * witness, and both signatures with their own PINs. The host decides whether the witness may sign.
 */
import { useState, type ReactNode } from 'react';
import { ChoiceGroup } from '../components/choice-group.js';
import { PinPair, type TwoPins } from '../components/pin-pair.js';
import { useActingAs } from '../staff/acting-as.js';
import { roleWords } from '../staff/staff-words.js';

/** The second signature for a stock or register entry: anyone else signed in here (the host checks their role). */
export function useStockWitness(label: string): { witnessId: string | null; witnessName: string | null; view: ReactNode } {
  const { actor, onDuty } = useActingAs();
  const [chosen, setChosen] = useState<string | null>(null);
  const others = onDuty.filter((s) => s.id !== actor?.id);
  const picked = others.find((s) => s.id === chosen) ?? null;
  return {
    witnessId: picked?.id ?? null,
    witnessName: picked?.displayName ?? null,
    view: others.length === 0
      ? <p className="warning-line">A second person must be signed in to witness this.</p>
      : <ChoiceGroup label={label} selected={picked?.id ?? null} onSelect={setChosen}
        choices={others.map((s) => ({ value: s.id, name: `${label}: ${s.displayName}`, content: `${s.displayName} (${roleWords[s.role]})` }))} />,
  };
}

export function ProductChoice<P extends { productId: string; title: string }>({ label, products, selected, onSelect }: {
  label: string;
  products: readonly P[];
  selected: string | null;
  onSelect: (productId: string) => void;
}) {
  return (
    <div className="product-choices field">
      <ChoiceGroup label={label} selected={selected} onSelect={onSelect}
        choices={products.map((p) => ({ value: p.productId, name: `${label}: ${p.title}`, content: <span className="choice-title">{p.title}</span> }))} />
    </div>
  );
}

/**
 * Both signatures on one entry: the form's summary of what is signed, then both PINs on one
 * keypad. Stays open on a refusal (a wrong PIN is entered again; Back to change the entry).
 */
export function SignWithPins({ summary, heading, confirmLabel, witnessName, onSign, onBack }: {
  summary: string;
  heading: string;
  confirmLabel: string;
  witnessName: string;
  onSign: (pins: TwoPins) => Promise<void>;
  onBack: () => void;
}) {
  const { actor } = useActingAs();
  if (!actor) return null;
  return (
    <div className="end-visit-panel">
      <p className="note">{summary}: recorded by {actor.displayName}, witnessed by {witnessName}.</p>
      <PinPair heading={heading} confirmLabel={confirmLabel} actorName={actor.displayName} witnessName={witnessName} onConfirm={onSign} onCancel={onBack} />
    </div>
  );
}
