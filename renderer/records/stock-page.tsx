/**
 * Controlled-drug stock: receipts and the start- and end-of-day count against the register, each
 * with a second signature (docs/clinical-protocol.md, Administration and controlled-drug record). A
 * difference is recorded as found, never adjusted here: the host records it as an incident.
 */
import { useState, type ReactNode } from 'react';
import type { RoomView } from '../../shared/contract/index.js';
import { ChoiceGroup } from '../components/choice-group.js';
import { dateAndTime } from '../../shared/clinic-time/clinic-time-text.js';
import { TextField, textOrNull } from '../components/text-field.js';
import { numberOrNull, TextInput } from '../components/text-input.js';
import { useActions } from '../kiosk/act.js';
import { useActingAs } from '../staff/acting-as.js';
import { roleWords } from '../staff/staff-words.js';
import { useReport } from './use-report.js';

export function StockPage({ room }: { room: RoomView }) {
  const { may, mayRead } = useActingAs();
  const { report, reload } = useReport('stockChecks');
  const zone = room.kiosk.timeZone;
  const firstDrug = report?.balances[0]?.drug ?? 'diamorphine';
  return (
    <section aria-labelledby="stock-heading">
      <h2 id="stock-heading">Stock</h2>
      {mayRead('stockChecks') && report && (
        <>
          <table className="records">
            <caption>Register balances</caption>
            <thead><tr><th scope="col">Drug</th><th scope="col">Balance</th></tr></thead>
            <tbody>{report.balances.map((b) => <tr key={b.drug}><td>{b.drug}</td><td>{b.balanceMg} mg</td></tr>)}</tbody>
          </table>
          <table className="records">
            <caption>Stock checks</caption>
            <thead>
              <tr><th scope="col">When</th><th scope="col">Drug</th><th scope="col">Check</th><th scope="col">Counted</th><th scope="col">Register</th>
                <th scope="col">Difference</th><th scope="col">Note</th><th scope="col">Checked by</th><th scope="col">Witnessed by</th></tr>
            </thead>
            <tbody>
              {report.checks.map((c) => (
                <tr key={`${c.at}-${c.drug}-${c.kind}`} className={c.discrepancyMg !== 0 ? 'row-alarm' : undefined}>
                  <td>{dateAndTime(c.at, zone)}</td><td>{c.drug}</td><td>{c.kind}</td><td>{c.countedMg} mg</td><td>{c.registerBalanceMg} mg</td>
                  <td>{c.discrepancyMg === 0 ? 'None' : `${c.discrepancyMg} mg`}</td><td>{c.note ?? ''}</td><td>{c.checkedBy}</td><td>{c.witnessedBy}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <div className="stock-forms">
        {may('recordStockReceipt') && <StockReceiptForm key={`receipt-${firstDrug}`} drug={firstDrug} onDone={reload} />}
        {may('recordStockCheck') && <StockCheckForm key={`check-${firstDrug}`} drug={firstDrug} onDone={reload} />}
      </div>
    </section>
  );
}

/** The second signature for a stock entry: anyone else signed in here (the host checks their role). */
function useStockWitness(label: string): { witnessId: string | null; view: ReactNode } {
  const { actor, onDuty } = useActingAs();
  const [chosen, setChosen] = useState<string | null>(null);
  const others = onDuty.filter((s) => s.id !== actor?.id);
  const picked = others.find((s) => s.id === chosen)?.id ?? null;
  return {
    witnessId: picked,
    view: others.length === 0
      ? <p className="warning-line">A second person must be signed in to witness this.</p>
      : <ChoiceGroup label={label} selected={picked} onSelect={setChosen}
        choices={others.map((s) => ({ value: s.id, name: `${label}: ${s.displayName}`, content: `${s.displayName} (${roleWords[s.role]})` }))} />,
  };
}

function StockReceiptForm({ drug: initialDrug, onDone }: { drug: string; onDone: () => void }) {
  const { act, explain } = useActions();
  const [drug, setDrug] = useState(initialDrug);
  const [quantity, setQuantity] = useState('');
  const [supplier, setSupplier] = useState('');
  const [reference, setReference] = useState('');
  const witness = useStockWitness('Receipt witnessed by');
  const save = async () => {
    const quantityMg = numberOrNull(quantity);
    if (quantityMg === null) return explain('Enter the quantity received in mg.');
    if (supplier.trim() === '') return explain('Enter the supplier.');
    if (witness.witnessId === null) return explain('Choose who witnesses the receipt.');
    const reply = await act({ type: 'recordStockReceipt', drug: drug.trim(), quantityMg, supplier: supplier.trim(), reference: textOrNull(reference), witnessId: witness.witnessId });
    if (reply) {
      setQuantity('');
      setReference('');
      onDone();
    }
  };
  return (
    <section className="end-visit-panel form-grid" aria-label="Stock received">
      <h3>Stock received</h3>
      <TextInput label="Drug received" value={drug} onChange={setDrug} />
      <TextInput label="Quantity received (mg)" value={quantity} onChange={setQuantity} inputMode="decimal" />
      <TextInput label="Supplier" value={supplier} onChange={setSupplier} maxLength={120} />
      <TextInput label="Invoice or order reference" value={reference} onChange={setReference} maxLength={60} />
      {witness.view}
      <button type="button" className="primary" onClick={() => void save()}>Record stock received</button>
    </section>
  );
}

type CheckKind = 'start of day' | 'end of day';

function StockCheckForm({ drug: initialDrug, onDone }: { drug: string; onDone: () => void }) {
  const { act, explain } = useActions();
  const [drug, setDrug] = useState(initialDrug);
  const [kind, setKind] = useState<CheckKind | null>(null);
  const [counted, setCounted] = useState('');
  const [note, setNote] = useState('');
  const witness = useStockWitness('Count witnessed by');
  const save = async () => {
    const countedMg = numberOrNull(counted);
    if (kind === null) return explain('Choose start of day or end of day.');
    if (countedMg === null) return explain('Enter the amount counted in mg.');
    if (witness.witnessId === null) return explain('Choose who witnesses the count.');
    const reply = await act({ type: 'recordStockCheck', drug: drug.trim(), kind, countedMg, note: textOrNull(note), witnessId: witness.witnessId });
    if (reply) {
      setCounted('');
      setNote('');
      onDone();
    }
  };
  return (
    <section className="end-visit-panel form-grid" aria-label="Stock check">
      <h3>Stock check</h3>
      <TextInput label="Drug counted" value={drug} onChange={setDrug} />
      <ChoiceGroup label="Check" selected={kind} onSelect={setKind}
        choices={[{ value: 'start of day', name: 'Start of day', content: 'Start of day' }, { value: 'end of day', name: 'End of day', content: 'End of day' }]} />
      <TextInput label="Amount counted (mg)" value={counted} onChange={setCounted} inputMode="decimal" />
      <TextField label="Note on the count" value={note} onChange={setNote} />
      {witness.view}
      <button type="button" className="primary" onClick={() => void save()}>Record stock check</button>
    </section>
  );
}
