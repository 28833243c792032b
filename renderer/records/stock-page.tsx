/**
 * Controlled-drug stock, one register section per product (drug, form and strength): receipts and
 * the start- and end-of-day count, in the product's unit (ampoules or mL), each signed by both
 * people with their own PINs (docs/clinical-protocol.md, Administration and controlled-drug record).
 * Each product shows its balance and the doses drawn up from it in open visits, so a count allows
 * for them before the tap. A difference is recorded as found, never adjusted here: the host records
 * it as an incident. A clinic lead keeps the catalogue of products and carries forward a page kept
 * under a drug name from before it.
 */
import { useState, type ReactNode } from 'react';
import type { IntentionOf, ReportOf, RoomView } from '../../shared/contract/index.js';
import { ChoiceGroup } from '../components/choice-group.js';
import type { TwoPins } from '../components/pin-pair.js';
import { calendarDate, clockTime, dateAndTime } from '../../shared/clinic-time/clinic-time-text.js';
import { TextField, textOrNull } from '../components/text-field.js';
import { numberOrNull, TextInput } from '../components/text-input.js';
import { useActions } from '../kiosk/act.js';
import { useActingAs } from '../staff/acting-as.js';
import { mgAndUnits, mgIn, productForms, titleOf, unitName, unitWords, type Counting, type ProductForm } from './stock-words.js';
import { DestructionForm, PatientReturnForm } from './stock-destruction.js';
import { ProductChoice, SignWithPins, useStockWitness } from './stock-signing.js';
import { useReport } from './use-report.js';

type Balance = ReportOf<'stockChecks'>['balances'][number];
type Product = Balance & { productId: string; counting: Counting };

const isProduct = (balance: Balance): balance is Product => balance.productId !== null && balance.counting !== null;

const round = (mg: number): number => Math.round(mg * 1000) / 1000;

export function StockPage({ room }: { room: RoomView }) {
  const { may, mayRead } = useActingAs();
  const { report, reload } = useReport('stockChecks');
  const zone = room.kiosk.timeZone;
  const products = report?.balances.filter(isProduct) ?? [];
  const mayCount = may('recordStockReceipt') || may('recordStockCheck');
  return (
    <section aria-labelledby="stock-heading">
      <h2 id="stock-heading">Stock</h2>
      {report === null && <p className="note" role="status">Loading…</p>}
      {report && products.length === 0 && (
        <p className="warning-line">
          No product is in the catalogue yet, so stock cannot be received or counted.
          {may('addControlledDrugProduct') ? ' Add one below.' : ' A clinic lead adds one here.'}
        </p>
      )}
      {report && mayRead('stockChecks') && (
        <div className="stock-sections">
          {report.balances.map((balance) => (
            <StockSection key={balance.sectionId} balance={balance} timeZone={zone}>
              {balance.productId === null && balance.balanceMg !== 0 && may('carryRegisterPageForward') && (
                <CarryPageForward page={balance} onDone={reload} />
              )}
            </StockSection>
          ))}
        </div>
      )}
      {report && mayCount && products.length > 0 && (
        <div className="stock-forms">
          {may('recordStockReceipt') && <StockReceiptForm products={products} onDone={reload} />}
          {may('recordStockCheck') && <StockCheckForm products={products} timeZone={zone} onDone={reload} />}
          {may('recordPatientReturn') && <PatientReturnForm products={products} people={report.serviceUsers} onDone={reload} />}
          {may('recordStockDestruction') && (
            <DestructionForm products={products} returned={report.returned} witnessIds={report.destructionWitnessIds} onDone={reload} />
          )}
        </div>
      )}
      {report && mayRead('stockChecks') && report.returned.length > 0 && (
        <section className="stock-section" aria-label="Stock handed back, held for destruction">
          <h3>Stock handed back, held for destruction</h3>
          <ul>
            {report.returned.map((held) => <li key={held.productId}>{held.title}: {mgAndUnits(held.counting, held.balanceMg)}</li>)}
          </ul>
        </section>
      )}
      {may('addControlledDrugProduct') && <AddProduct onDone={reload} />}
      {report && mayRead('stockChecks') && (
        <table className="records">
          <caption>Stock checks</caption>
          <thead>
            <tr><th scope="col">When</th><th scope="col">Product</th><th scope="col">Check</th><th scope="col">Counted</th><th scope="col">Register</th>
              <th scope="col">Drawn up in open visits</th><th scope="col">Difference</th><th scope="col">Note</th><th scope="col">Checked by</th>
              <th scope="col">Witnessed by</th></tr>
          </thead>
          <tbody>
            {report.checks.map((c) => (
              <tr key={`${c.at}-${c.section}-${c.kind}`} className={c.discrepancyMg !== 0 ? 'row-alarm' : undefined}>
                <td>{dateAndTime(c.at, zone)}</td><td>{c.section}</td><td>{c.kind}</td><td>{c.countedMg} mg</td><td>{c.registerBalanceMg} mg</td>
                <td>{c.drawnUpMg === 0 ? 'None' : `${c.drawnUpMg} mg`}</td>
                <td>{c.discrepancyMg === 0 ? 'None' : `${c.discrepancyMg} mg`}</td><td>{c.note ?? ''}</td><td>{c.checkedBy}</td><td>{c.witnessedBy}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** One section's balance, and what is out of the cupboard in syringes but not yet out of the register. */
function StockOnHand({ balance, timeZone }: { balance: Balance; timeZone: string }) {
  const drawnUpMg = round(balance.drawnUp.reduce((sum, dose) => sum + dose.drawnMg, 0));
  return (
    <>
      <p className="note">Register balance: {mgAndUnits(balance.counting, balance.balanceMg)}</p>
      {balance.drawnUp.length === 0 ? <p>No dose is drawn up from it in an open visit.</p> : (
        <>
          <p>Drawn up in open visits, in this room and the others that share the cupboard (out of it, not yet out of the register):</p>
          <ul className="drawn-up-list">
            {balance.drawnUp.map((dose) => (
              <li key={dose.visitId}>
                {dose.preferredName}: {dose.drawnMg} mg, drawn up at {clockTime(dose.preparedAt, timeZone)}
                {dose.room === null ? ' in this room' : ` in ${dose.room}`}
                {dose.earlierSession && (
                  <span className="warning-line">
                    {' '}From an earlier session: {dose.room === null ? 'record or waste it in the visit' : `${dose.room} records or wastes it in the visit`},
                    and describe it in the count's note.
                  </span>
                )}
              </li>
            ))}
          </ul>
          <p className="note">In the cupboard, expect {mgAndUnits(balance.counting, round(balance.balanceMg - drawnUpMg))}.</p>
        </>
      )}
    </>
  );
}

function StockSection({ balance, timeZone, children }: { balance: Balance; timeZone: string; children: ReactNode }) {
  return (
    <section className="stock-section" aria-label={balance.title}>
      <h3>{balance.title}</h3>
      <StockOnHand balance={balance} timeZone={timeZone} />
      {balance.productId === null && balance.balanceMg !== 0 && (
        <p className="warning-line">This page is kept under a drug name, from before the product catalogue: a clinic lead carries it forward into a product's section.</p>
      )}
      {children}
    </section>
  );
}

function StockReceiptForm({ products, onDone }: { products: readonly Product[]; onDone: () => void }) {
  const { act, explain } = useActions();
  const [productId, setProductId] = useState<string | null>(null);
  const [quantity, setQuantity] = useState('');
  const [batch, setBatch] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const [supplier, setSupplier] = useState('');
  const [reference, setReference] = useState('');
  const [signing, setSigning] = useState<IntentionOf<'recordStockReceipt'> | null>(null);
  const witness = useStockWitness('Receipt witnessed by');
  const product = products.find((p) => p.productId === productId) ?? null;
  const units = numberOrNull(quantity);
  const ask = () => {
    if (product === null) return explain('Choose the product received.');
    if (units === null || units <= 0) return explain(`Enter the ${unitName(product.counting)} received.`);
    if (batch.trim() === '') return explain('Enter the batch number printed on the pack.');
    if (expiresOn === '') return explain('Enter the expiry date printed on the pack.');
    if (supplier.trim() === '') return explain('Enter the supplier.');
    if (witness.witnessId === null) return explain('Choose who witnesses the receipt.');
    setSigning({
      type: 'recordStockReceipt', productId: product.productId, units, supplier: supplier.trim(), reference: textOrNull(reference),
      batch: batch.trim(), expiresOn, witnessId: witness.witnessId, actorPin: '', witnessPin: '',
    });
  };
  const sign = async (pins: TwoPins) => {
    if (signing === null) return;
    if (await act({ ...signing, ...pins })) {
      setSigning(null);
      setQuantity('');
      setBatch('');
      setExpiresOn('');
      setReference('');
      onDone();
    }
  };
  if (signing && product && witness.witnessName) {
    return (
      <SignWithPins heading="Sign the receipt with both PINs" confirmLabel="Record the receipt" witnessName={witness.witnessName}
        summary={`${unitWords(product.counting, signing.units)} of ${product.title} (${mgIn(product.counting, signing.units)} mg), ` +
          `batch ${signing.batch}, expires ${calendarDate(signing.expiresOn)}, from ${signing.supplier}`}
        onSign={sign} onBack={() => setSigning(null)} />
    );
  }
  return (
    <section className="end-visit-panel form-grid" aria-label="Stock received">
      <h3>Stock received</h3>
      <ProductChoice label="Product received" products={products} selected={productId} onSelect={setProductId} />
      {product && (
        <TextInput label={`Quantity received (${unitName(product.counting)})`} value={quantity} onChange={setQuantity}
          inputMode={product.counting.unit === 'ampoule' ? 'numeric' : 'decimal'}
          hint={units === null ? undefined : `${unitWords(product.counting, units)} is ${mgIn(product.counting, units)} mg.`} />
      )}
      <TextInput label="Batch number" value={batch} onChange={setBatch} maxLength={40} />
      <TextInput label="Expiry date" type="date" value={expiresOn} onChange={setExpiresOn} hint="As printed on the pack." />
      <TextInput label="Supplier" value={supplier} onChange={setSupplier} maxLength={120} />
      <TextInput label="Invoice or order reference" value={reference} onChange={setReference} maxLength={60} />
      {witness.view}
      <button type="button" className="primary" onClick={ask}>Record stock received</button>
    </section>
  );
}

type CheckKind = 'start of day' | 'end of day';

function StockCheckForm({ products, timeZone, onDone }: { products: readonly Product[]; timeZone: string; onDone: () => void }) {
  const { act, explain } = useActions();
  const [productId, setProductId] = useState<string | null>(null);
  const [kind, setKind] = useState<CheckKind | null>(null);
  const [counted, setCounted] = useState('');
  const [note, setNote] = useState('');
  const [signing, setSigning] = useState<IntentionOf<'recordStockCheck'> | null>(null);
  const witness = useStockWitness('Count witnessed by');
  const product = products.find((p) => p.productId === productId) ?? null;
  const countedUnits = numberOrNull(counted);
  const ask = () => {
    if (product === null) return explain('Choose the product counted.');
    if (kind === null) return explain('Choose start of day or end of day.');
    if (countedUnits === null || countedUnits < 0) return explain(`Enter the ${unitName(product.counting)} counted in the cupboard.`);
    if (witness.witnessId === null) return explain('Choose who witnesses the count.');
    setSigning({
      type: 'recordStockCheck', productId: product.productId, kind, countedUnits, note: textOrNull(note), witnessId: witness.witnessId,
      actorPin: '', witnessPin: '',
    });
  };
  const sign = async (pins: TwoPins) => {
    if (signing === null) return;
    if (await act({ ...signing, ...pins })) {
      setSigning(null);
      setCounted('');
      setNote('');
      onDone();
    }
  };
  if (signing && product && witness.witnessName) {
    return (
      <SignWithPins heading="Sign the count with both PINs" confirmLabel="Record the count" witnessName={witness.witnessName}
        summary={`${signing.kind === 'start of day' ? 'Start-of-day' : 'End-of-day'} count of ${product.title}: ${unitWords(product.counting, signing.countedUnits)} ` +
          `(${mgIn(product.counting, signing.countedUnits)} mg)`}
        onSign={sign} onBack={() => setSigning(null)} />
    );
  }
  return (
    <section className="end-visit-panel form-grid" aria-label="Stock check">
      <h3>Stock check</h3>
      <ProductChoice label="Product counted" products={products} selected={productId} onSelect={setProductId} />
      {product && <div className="field"><StockOnHand balance={product} timeZone={timeZone} /></div>}
      <ChoiceGroup label="Check" selected={kind} onSelect={setKind}
        choices={[{ value: 'start of day', name: 'Start of day', content: 'Start of day' }, { value: 'end of day', name: 'End of day', content: 'End of day' }]} />
      {product && (
        <TextInput label={`Counted in the cupboard (${unitName(product.counting)})`} value={counted} onChange={setCounted}
          inputMode={product.counting.unit === 'ampoule' ? 'numeric' : 'decimal'}
          hint={countedUnits === null ? undefined : `${unitWords(product.counting, countedUnits)} is ${mgIn(product.counting, countedUnits)} mg.`} />
      )}
      <TextField label="Note on the count" value={note} onChange={setNote} />
      {witness.view}
      <button type="button" className="primary" onClick={ask}>Record stock check</button>
    </section>
  );
}

/** A clinic lead adds a product to the catalogue: its register section opens, empty, under its title. */
function AddProduct({ onDone }: { onDone: () => void }) {
  const { act, explain } = useActions();
  const [open, setOpen] = useState(false);
  const [drug, setDrug] = useState('');
  const [form, setForm] = useState<ProductForm | null>(null);
  const [unit, setUnit] = useState<Counting['unit'] | null>(null);
  const [strength, setStrength] = useState('');
  if (!open) return <button type="button" onClick={() => setOpen(true)}>Add a product</button>;
  const mg = numberOrNull(strength);
  const counting: Counting | null = unit === null || mg === null || mg <= 0 ? null
    : unit === 'ampoule' ? { unit, mgPerAmpoule: mg } : { unit, mgPerMl: mg };
  const save = async () => {
    if (drug.trim() === '') return explain('Enter the drug, as it is prescribed.');
    if (form === null) return explain('Choose the form.');
    if (unit === null) return explain('Choose how the stock is counted.');
    if (counting === null) return explain(unit === 'ampoule' ? 'Enter the mg in each ampoule.' : 'Enter the mg in each mL.');
    if (await act({ type: 'addControlledDrugProduct', drug: drug.trim(), form, counting })) {
      setOpen(false);
      setDrug('');
      setForm(null);
      setUnit(null);
      setStrength('');
      onDone();
    }
  };
  return (
    <section className="end-visit-panel form-grid" aria-label="Add a product">
      <h3>Add a product</h3>
      <TextInput label="Drug" value={drug} onChange={setDrug} maxLength={60} hint="As it is prescribed, for example diamorphine." />
      <ChoiceGroup label="Form" selected={form} onSelect={setForm}
        choices={productForms.map((f) => ({ value: f, name: `Form: ${f}`, content: f }))} />
      <ChoiceGroup label="Counted in" selected={unit} onSelect={setUnit}
        choices={[
          { value: 'ampoule', name: 'Counted in ampoules', content: 'Ampoules of a set strength' },
          { value: 'mL', name: 'Counted in mL', content: 'mL of a solution' },
        ]} />
      {unit && (
        <TextInput label={unit === 'ampoule' ? 'mg in each ampoule' : 'mg in each mL'} value={strength} onChange={setStrength} inputMode="decimal" />
      )}
      {form && counting && drug.trim() !== '' && <p className="note">Its register section: {titleOf(drug, form, counting)}</p>}
      <div className="decision">
        <button type="button" className="primary" onClick={() => void save()}>Add the product</button>
        <button type="button" onClick={() => setOpen(false)}>Cancel</button>
      </div>
    </section>
  );
}

/**
 * A clinic lead closes a page kept under a drug name by counting its stock into a product's
 * section. The register report names the page's drug and the catalogue's products of it.
 */
function CarryPageForward({ page, onDone }: { page: Balance; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  if (!open) return <button type="button" onClick={() => setOpen(true)}>Carry this page forward</button>;
  return <CarryPageForwardForm page={page} onClose={() => setOpen(false)} onDone={onDone} />;
}

function CarryPageForwardForm({ page, onClose, onDone }: { page: Balance; onClose: () => void; onDone: () => void }) {
  const { act, explain } = useActions();
  const { report } = useReport('register');
  const [productId, setProductId] = useState<string | null>(null);
  const [counted, setCounted] = useState('');
  const [note, setNote] = useState('');
  const [signing, setSigning] = useState<IntentionOf<'carryRegisterPageForward'> | null>(null);
  const witness = useStockWitness('Carried balance witnessed by');
  const drug = report?.sections.find((s) => s.sectionId === page.sectionId)?.drug ?? null;
  const products = (report?.sections ?? []).flatMap((s) => s.productId !== null && s.counting !== null && s.drug === drug
    ? [{ productId: s.productId, title: s.title, counting: s.counting }] : []);
  const product = products.find((p) => p.productId === productId) ?? null;
  const countedUnits = numberOrNull(counted);
  if (report === null) return <p className="note" role="status">Loading…</p>;
  if (drug === null || products.length === 0) {
    return <p className="warning-line">No product of {drug ?? 'this drug'} is in the catalogue: add it below, then carry this page forward into its section.</p>;
  }
  const ask = () => {
    if (product === null) return explain('Choose the product the stock is carried into.');
    if (countedUnits === null || countedUnits < 0) return explain(`Enter the ${unitName(product.counting)} counted in the cupboard.`);
    if (witness.witnessId === null) return explain('Choose who witnesses the count.');
    setSigning({
      type: 'carryRegisterPageForward', drug, productId: product.productId, countedUnits, note: textOrNull(note), witnessId: witness.witnessId,
      actorPin: '', witnessPin: '',
    });
  };
  const sign = async (pins: TwoPins) => {
    if (signing === null) return;
    if (await act({ ...signing, ...pins })) {
      setSigning(null);
      onClose();
      onDone();
    }
  };
  if (signing && product && witness.witnessName) {
    return (
      <SignWithPins heading="Sign the carried balance with both PINs" confirmLabel="Carry the page forward" witnessName={witness.witnessName}
        summary={`${page.balanceMg} mg on this page carried into ${product.title} as ${unitWords(product.counting, signing.countedUnits)} ` +
          `(${mgIn(product.counting, signing.countedUnits)} mg)`}
        onSign={sign} onBack={() => setSigning(null)} />
    );
  }
  return (
    <section className="end-visit-panel form-grid" aria-label="Carry this page forward">
      <h3>Carry this page forward</h3>
      <ProductChoice label="Carried into" products={products} selected={productId} onSelect={setProductId} />
      {product && (
        <TextInput label={`Counted in the cupboard (${unitName(product.counting)})`} value={counted} onChange={setCounted}
          inputMode={product.counting.unit === 'ampoule' ? 'numeric' : 'decimal'}
          hint={countedUnits === null ? `The page holds ${page.balanceMg} mg.`
            : `${unitWords(product.counting, countedUnits)} is ${mgIn(product.counting, countedUnits)} mg; the page holds ${page.balanceMg} mg.`} />
      )}
      <TextField label="Note on the carried balance" value={note} onChange={setNote} />
      {witness.view}
      <div className="decision">
        <button type="button" className="primary" onClick={ask}>Carry the balance forward</button>
        <button type="button" onClick={onClose}>Cancel</button>
      </div>
    </section>
  );
}
