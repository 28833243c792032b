/**
 * Stock leaving the register other than by a dose: destroyed (expired, damaged) before a witness
 * the regulations accept, and stock a service user hands back, kept in its own section and
 * destroyed only from there. The form shows before the tap who may witness and how much each
 * section holds; the host checks both again (main/host/intentions/stock-destruction.ts).
 */
import { useState } from 'react';
import type { IntentionOf, ReportOf } from '../../shared/contract/index.js';
import { ChoiceGroup } from '../components/choice-group.js';
import { OnePin } from '../components/one-pin.js';
import type { TwoPins } from '../components/pin-pair.js';
import { TextField, textOrNull } from '../components/text-field.js';
import { numberOrNull, TextInput } from '../components/text-input.js';
import { useActions } from '../kiosk/act.js';
import { useActingAs } from '../staff/acting-as.js';
import { roleWords } from '../staff/staff-words.js';
import { ProductChoice, SignWithPins, useStockWitness } from './stock-signing.js';
import { mgAndUnits, mgIn, unitName, unitWords, type Counting } from './stock-words.js';

type StockReport = ReportOf<'stockChecks'>;
interface HeldStock { productId: string; title: string; counting: Counting; balanceMg: number }
type Source = 'stock' | 'patient return';
type Reason = 'expired' | 'damaged' | 'other';
type Destruction = IntentionOf<'recordStockDestruction'>;

function unitsHint(product: HeldStock, units: number | null): string {
  const holds = `The section holds ${mgAndUnits(product.counting, product.balanceMg)}.`;
  return units === null ? holds : `${unitWords(product.counting, units)} is ${mgIn(product.counting, units)} mg. ${holds}`;
}

/** Stock handed back by a service user: received and witnessed like a receipt, never added to the product's balance. */
export function PatientReturnForm({ products, people, onDone }: {
  products: readonly HeldStock[];
  people: StockReport['serviceUsers'];
  onDone: () => void;
}) {
  const { act, explain } = useActions();
  const [productId, setProductId] = useState<string | null>(null);
  const [personId, setPersonId] = useState<string | null>(null);
  const [quantity, setQuantity] = useState('');
  const [note, setNote] = useState('');
  const [signing, setSigning] = useState<IntentionOf<'recordPatientReturn'> | null>(null);
  const witness = useStockWitness('Return witnessed by');
  const product = products.find((p) => p.productId === productId) ?? null;
  const person = people.find((p) => p.serviceUserId === personId) ?? null;
  const units = numberOrNull(quantity);
  const ask = () => {
    if (product === null) return explain('Choose the product handed back.');
    if (person === null) return explain('Choose who handed it back.');
    if (units === null || units <= 0) return explain(`Enter the ${unitName(product.counting)} handed back.`);
    if (witness.witnessId === null) return explain('Choose who witnesses the return.');
    setSigning({
      type: 'recordPatientReturn', productId: product.productId, serviceUserId: person.serviceUserId, units, note: textOrNull(note),
      witnessId: witness.witnessId, actorPin: '', witnessPin: '',
    });
  };
  const sign = async (pins: TwoPins) => {
    if (signing === null) return;
    if (await act({ ...signing, ...pins })) {
      setSigning(null);
      setQuantity('');
      setNote('');
      onDone();
    }
  };
  if (signing && product && person && witness.witnessName) {
    return (
      <SignWithPins heading="Sign the return with both PINs" confirmLabel="Record the return" witnessName={witness.witnessName}
        summary={`${unitWords(product.counting, signing.units)} of ${product.title} (${mgIn(product.counting, signing.units)} mg) handed back by ${person.preferredName}`}
        onSign={sign} onBack={() => setSigning(null)} />
    );
  }
  return (
    <section className="end-visit-panel form-grid" aria-label="Stock handed back">
      <h3>Stock handed back by a service user</h3>
      <p className="note">Kept in its own section, apart from the stock on hand, until it is destroyed.</p>
      <ProductChoice label="Product handed back" products={products} selected={productId} onSelect={setProductId} />
      <ChoiceGroup label="Handed back by" selected={personId} onSelect={setPersonId}
        choices={people.map((p) => ({ value: p.serviceUserId, name: `Handed back by ${p.preferredName}`, content: p.preferredName }))} />
      {product && (
        <TextInput label={`Quantity handed back (${unitName(product.counting)})`} value={quantity} onChange={setQuantity}
          inputMode={product.counting.unit === 'ampoule' ? 'numeric' : 'decimal'}
          hint={units === null ? undefined : `${unitWords(product.counting, units)} is ${mgIn(product.counting, units)} mg.`} />
      )}
      <TextField label="Note on the return" value={note} onChange={setNote} />
      {witness.view}
      <button type="button" className="primary" onClick={ask}>Record stock handed back</button>
    </section>
  );
}

/** The witness to a destruction: a member of staff a clinic lead has authorised, or someone from outside named in full. */
function useDestructionWitness(authorisedIds: readonly string[]) {
  const { actor, onDuty } = useActingAs();
  const [kind, setKind] = useState<'staff' | 'outside' | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [outside, setOutside] = useState({ name: '', role: '', organisation: '' });
  const others = onDuty.filter((s) => s.id !== actor?.id);
  const picked = others.find((s) => s.id === chosen && authorisedIds.includes(s.id)) ?? null;
  const view = (
    <>
      <ChoiceGroup label="Witnessed by" selected={kind} onSelect={setKind}
        choices={[
          { value: 'staff', name: 'Witnessed by staff', content: 'A member of staff authorised to witness' },
          { value: 'outside', name: 'Witnessed from outside', content: 'Someone from outside the clinic' },
        ]} />
      {kind === 'staff' && (others.length === 0
        ? <p className="warning-line">An authorised witness must be signed in here.</p>
        : <ChoiceGroup label="Witness" selected={picked?.id ?? null} onSelect={setChosen}
          choices={others.map((s) => ({
            value: s.id, name: `Witness: ${s.displayName}`, content: `${s.displayName} (${roleWords[s.role]})`,
            problem: authorisedIds.includes(s.id) ? null : 'Not authorised to witness destruction: a clinic lead authorises witnesses in Staff records.',
          }))} />)}
      {kind === 'outside' && (
        <>
          <TextInput label="Witness's name" value={outside.name} onChange={(name) => setOutside({ ...outside, name })} maxLength={120} />
          <TextInput label="Witness's role" value={outside.role} onChange={(role) => setOutside({ ...outside, role })} maxLength={120}
            hint="For example, controlled drugs liaison officer." />
          <TextInput label="Witness's organisation" value={outside.organisation} onChange={(organisation) => setOutside({ ...outside, organisation })} maxLength={120} />
        </>
      )}
    </>
  );
  return { kind, picked, outside, view };
}

export function DestructionForm({ products, returned, witnessIds, onDone }: {
  products: readonly HeldStock[];
  returned: readonly HeldStock[];
  witnessIds: readonly string[];
  onDone: () => void;
}) {
  const { actor } = useActingAs();
  const { act, explain } = useActions();
  const [source, setSource] = useState<Source | null>(null);
  const [productId, setProductId] = useState<string | null>(null);
  const [quantity, setQuantity] = useState('');
  const [reason, setReason] = useState<Reason | null>(null);
  const [note, setNote] = useState('');
  const [signing, setSigning] = useState<Destruction | null>(null);
  const witness = useDestructionWitness(witnessIds);
  const held = source === 'patient return' ? returned : products;
  const product = held.find((p) => p.productId === productId) ?? null;
  const units = numberOrNull(quantity);
  const chooseSource = (next: Source) => {
    setSource(next);
    setProductId(null);
  };
  const witnessOf = (): Destruction['witness'] | string => {
    if (witness.kind === null) return 'Choose who witnesses the destruction.';
    if (witness.kind === 'staff') return witness.picked ? { kind: 'staff', witnessId: witness.picked.id, witnessPin: '' } : 'Choose the authorised witness.';
    const { name, role, organisation } = witness.outside;
    if (name.trim() === '' || role.trim() === '' || organisation.trim() === '') return 'Enter the outside witness\'s name, role and organisation.';
    return { kind: 'outside', name: name.trim(), role: role.trim(), organisation: organisation.trim() };
  };
  const ask = () => {
    if (source === null) return explain('Choose whether the stock is from the cupboard or handed back.');
    if (product === null) return explain('Choose the product destroyed.');
    if (units === null || units <= 0) return explain(`Enter the ${unitName(product.counting)} destroyed.`);
    if (reason === null) return explain('Choose why it is destroyed.');
    const witnessed = witnessOf();
    if (typeof witnessed === 'string') return explain(witnessed);
    setSigning({ type: 'recordStockDestruction', productId: product.productId, from: source, units, reason, note: textOrNull(note), witness: witnessed, actorPin: '' });
  };
  const record = async (intention: Destruction) => {
    if (await act(intention)) {
      setSigning(null);
      setQuantity('');
      setNote('');
      onDone();
    }
  };
  if (signing && product && actor) {
    const summary = `${unitWords(product.counting, signing.units)} of ${product.title} (${mgIn(product.counting, signing.units)} mg) destroyed, ${signing.reason}`;
    const { witness: witnessed } = signing;
    if (witnessed.kind === 'staff' && witness.picked) {
      return (
        <SignWithPins heading="Sign the destruction with both PINs" confirmLabel="Record the destruction" witnessName={witness.picked.displayName}
          summary={summary} onSign={(pins) => record({ ...signing, actorPin: pins.actorPin, witness: { ...witnessed, witnessPin: pins.witnessPin } })}
          onBack={() => setSigning(null)} />
      );
    }
    return (
      <div className="end-visit-panel">
        <p className="note">{summary}: recorded by {actor.displayName}, witnessed by {witnessed.kind === 'outside' ? `${witnessed.name}, ${witnessed.role}, ${witnessed.organisation}` : ''}.</p>
        <OnePin heading="Sign the destruction with your PIN" name={actor.displayName} confirmLabel="Record the destruction"
          onConfirm={(actorPin) => record({ ...signing, actorPin })} onCancel={() => setSigning(null)} />
      </div>
    );
  }
  return (
    <section className="end-visit-panel form-grid" aria-label="Stock destroyed">
      <h3>Stock destroyed</h3>
      <ChoiceGroup label="Destroyed from" selected={source} onSelect={chooseSource}
        choices={[
          { value: 'stock', name: 'Destroyed from the cupboard', content: 'Stock in the cupboard' },
          {
            value: 'patient return', name: 'Destroyed from stock handed back', content: 'Stock handed back by service users',
            problem: returned.length === 0 ? 'No stock handed back is held.' : null,
          },
        ]} />
      {source && <ProductChoice label="Product destroyed" products={held} selected={productId} onSelect={setProductId} />}
      {product && (
        <TextInput label={`Quantity destroyed (${unitName(product.counting)})`} value={quantity} onChange={setQuantity}
          inputMode={product.counting.unit === 'ampoule' ? 'numeric' : 'decimal'} hint={unitsHint(product, units)} />
      )}
      <ChoiceGroup label="Why" selected={reason} onSelect={setReason}
        choices={(['expired', 'damaged', 'other'] as const).map((r) => ({ value: r, name: `Destroyed: ${r}`, content: r }))} />
      <TextField label="Note on the destruction" value={note} onChange={setNote} />
      {witness.view}
      <button type="button" className="primary" onClick={ask}>Record stock destroyed</button>
    </section>
  );
}
