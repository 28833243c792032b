import { useId, useRef } from 'react';
import { Keypad, type Key } from './keypad.js';

const decimalAmount = /^\d{0,5}(\.\d{0,2})?$/;
const wholeAmount = /^\d{0,3}$/;

function acceptable(text: string, wholeNumber: boolean): boolean {
  return (wholeNumber ? wholeAmount : decimalAmount).test(text);
}

function pressKey(text: string, key: Key): string {
  if (key === 'Delete') return text.slice(0, -1);
  return text + key;
}

/** The number typed, or null while the entry is empty or only a decimal point. */
export function readNumber(text: string): number | null {
  if (text === '' || text === '.') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/**
 * A number entry named by its label. Tapping it makes it the active entry, whose keypad is the only
 * one shown; a physical keyboard types into it as well.
 */
export function NumberEntry({ label, value, onChange, active, onActivate, wholeNumber = false, required = false }: {
  label: string;
  // Shown as a word beside the label (not only a colour) and announced as required.
  required?: boolean;
  value: string;
  onChange: (value: string) => void;
  active: boolean;
  onActivate: () => void;
  wholeNumber?: boolean;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const change = (next: string) => {
    if (acceptable(next, wholeNumber)) onChange(next);
  };
  return (
    <div className={active ? 'entry entry-active' : 'entry'}>
      <span className="entry-label-row">
        <label className="field-label" htmlFor={id}>{label}</label>
        {required && <span className="tag tag-required" aria-hidden="true">Required</span>}
      </span>
      <input
        id={id}
        ref={input}
        className="entry-value"
        type="text"
        // No pop-up OS keyboard: the keypad below is bigger and has only the keys that make sense.
        inputMode="none"
        autoComplete="off"
        aria-required={required || undefined}
        value={value}
        onFocus={onActivate}
        onClick={onActivate}
        onChange={(e) => change(e.target.value)}
      />
      {active && (
        <Keypad
          wholeNumber={wholeNumber}
          onKey={(key) => {
            change(pressKey(value, key));
            input.current?.focus();
          }}
        />
      )}
    </div>
  );
}
