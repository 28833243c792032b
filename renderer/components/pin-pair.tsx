/**
 * Two people sign one entry with their own PINs, each tapping theirs on one keypad: the dose, a
 * stock receipt, a stock count. Owns: collecting the two PINs for one request, and forgetting them
 * straight after, right or wrong. Must not touch: whether a PIN is right or a badge is locked (the
 * host decides and says whose PIN was wrong).
 */
import { useId, useState } from 'react';
import { Keypad, type Key } from './keypad.js';

const longestPin = 8;

/** A PIN after one key of the keypad: Delete takes the last digit off; no point, and no more than the longest PIN. */
export function pinAfterKey(pin: string, key: Key): string {
  if (key === 'Delete') return pin.slice(0, -1);
  return key === '.' || pin.length >= longestPin ? pin : pin + key;
}

type Whose = 'actor' | 'witness';

export interface TwoPins {
  actorPin: string;
  witnessPin: string;
}

export function PinPair({ heading, actorName, witnessName, confirmLabel, onConfirm, onCancel }: {
  heading: string;
  actorName: string;
  witnessName: string;
  confirmLabel: string;
  onConfirm: (pins: TwoPins) => Promise<void>;
  onCancel: () => void;
}) {
  const headingId = useId();
  const [pins, setPins] = useState<Record<Whose, string>>({ actor: '', witness: '' });
  const [active, setActive] = useState<Whose>('actor');
  const press = (key: Key) => setPins({ ...pins, [active]: pinAfterKey(pins[active], key) });
  const confirm = async () => {
    if (pins.actor === '') return setActive('actor');
    if (pins.witness === '') return setActive('witness');
    const entered = { actorPin: pins.actor, witnessPin: pins.witness };
    // Neither PIN stays on screen once sent.
    setPins({ actor: '', witness: '' });
    setActive('actor');
    await onConfirm(entered);
  };
  return (
    <section className="pin-confirmation" aria-labelledby={headingId}>
      <h2 id={headingId}>{heading}</h2>
      <div className="pin-confirmation-fields">
        <PinField label={`PIN for ${actorName}`} value={pins.actor} active={active === 'actor'} onActivate={() => setActive('actor')} />
        <PinField label={`PIN for ${witnessName}`} value={pins.witness} active={active === 'witness'} onActivate={() => setActive('witness')} />
      </div>
      <Keypad wholeNumber onKey={press} />
      <div className="decision">
        <button type="button" className="primary" onClick={() => void confirm()}>{confirmLabel}</button>
        <button type="button" onClick={onCancel}>Back</button>
      </div>
    </section>
  );
}

export function PinField({ label, value, active, onActivate }: { label: string; value: string; active: boolean; onActivate: () => void }) {
  const id = useId();
  return (
    <div className={active ? 'entry entry-active' : 'entry'}>
      <label className="field-label" htmlFor={id}>{label}</label>
      <input id={id} className="entry-value pin-value" type="password" inputMode="none" autoComplete="off" readOnly
        value={value} onFocus={onActivate} onClick={onActivate} />
    </div>
  );
}
