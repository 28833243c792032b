/**
 * One person signs an entry with their PIN on the keypad: a destruction witnessed by someone from
 * outside the clinic, who has no PIN here and is recorded by name, role and organisation instead.
 * Owns: collecting the PIN for one request and forgetting it straight after, right or wrong.
 */
import { useId, useState } from 'react';
import { Keypad, type Key } from './keypad.js';
import { PinField, pinAfterKey } from './pin-pair.js';

export function OnePin({ heading, name, confirmLabel, onConfirm, onCancel }: {
  heading: string;
  name: string;
  confirmLabel: string;
  onConfirm: (pin: string) => Promise<void>;
  onCancel: () => void;
}) {
  const headingId = useId();
  const [pin, setPin] = useState('');
  const press = (key: Key) => setPin(pinAfterKey(pin, key));
  const confirm = async () => {
    if (pin === '') return;
    const entered = pin;
    setPin('');
    await onConfirm(entered);
  };
  return (
    <section className="pin-confirmation" aria-labelledby={headingId}>
      <h2 id={headingId}>{heading}</h2>
      <div className="pin-confirmation-fields">
        <PinField label={`PIN for ${name}`} value={pin} active onActivate={() => undefined} />
      </div>
      <Keypad wholeNumber onKey={press} />
      <div className="decision">
        <button type="button" className="primary" onClick={() => void confirm()}>{confirmLabel}</button>
        <button type="button" onClick={onCancel}>Back</button>
      </div>
    </section>
  );
}
