/**
 * Both people confirm the dose with their PINs as it is recorded: the nurse and the witness each
 * tap their own on one keypad. Owns: collecting the two PINs for one request, and forgetting them
 * straight after, right or wrong. Must not touch: whether a PIN is right or a badge is locked
 * (the host decides and says whose PIN was wrong).
 */
import { useId, useState } from 'react';
import { Keypad, type Key } from '../components/keypad.js';

const longestPin = 8;

type Whose = 'nurse' | 'witness';

export function PinConfirmation({ nurseName, witnessName, onConfirm, onCancel }: {
  nurseName: string;
  witnessName: string;
  onConfirm: (pins: { nursePin: string; witnessPin: string }) => Promise<void>;
  onCancel: () => void;
}) {
  const headingId = useId();
  const [pins, setPins] = useState<Record<Whose, string>>({ nurse: '', witness: '' });
  const [active, setActive] = useState<Whose>('nurse');
  const press = (key: Key) => {
    const pin = pins[active];
    if (key === 'Delete') setPins({ ...pins, [active]: pin.slice(0, -1) });
    else if (key !== '.' && pin.length < longestPin) setPins({ ...pins, [active]: pin + key });
  };
  const confirm = async () => {
    if (pins.nurse === '') return setActive('nurse');
    if (pins.witness === '') return setActive('witness');
    const entered = { nursePin: pins.nurse, witnessPin: pins.witness };
    // Neither PIN stays on screen once sent.
    setPins({ nurse: '', witness: '' });
    setActive('nurse');
    await onConfirm(entered);
  };
  return (
    <section className="pin-confirmation" aria-labelledby={headingId}>
      <h2 id={headingId}>Confirm the dose with both PINs</h2>
      <div className="pin-confirmation-fields">
        <PinField label={`PIN for ${nurseName}`} value={pins.nurse} active={active === 'nurse'} onActivate={() => setActive('nurse')} />
        <PinField label={`PIN for ${witnessName}`} value={pins.witness} active={active === 'witness'} onActivate={() => setActive('witness')} />
      </div>
      <Keypad wholeNumber onKey={press} />
      <div className="decision">
        <button type="button" className="primary" onClick={() => void confirm()}>Record the dose</button>
        <button type="button" onClick={onCancel}>Back</button>
      </div>
    </section>
  );
}

function PinField({ label, value, active, onActivate }: { label: string; value: string; active: boolean; onActivate: () => void }) {
  const id = useId();
  return (
    <div className={active ? 'entry entry-active' : 'entry'}>
      <label className="field-label" htmlFor={id}>{label}</label>
      <input id={id} className="entry-value pin-value" type="password" inputMode="none" autoComplete="off" readOnly
        value={value} onFocus={onActivate} onClick={onActivate} />
    </div>
  );
}
