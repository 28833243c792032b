import { useId, type InputHTMLAttributes } from 'react';

type Extra = Pick<InputHTMLAttributes<HTMLInputElement>, 'type' | 'inputMode' | 'autoFocus' | 'maxLength' | 'onKeyDown' | 'required'>;

/** A one-line field for names, numbers and dates in records forms; reasons use TextField. */
export function TextInput({ label, value, onChange, hint, ...extra }: Extra & {
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
}) {
  const id = useId();
  const hintId = useId();
  return (
    <div className="field field-short">
      <label className="field-label" htmlFor={id}>{label}</label>
      <input id={id} className="text-input" autoComplete="off" value={value} aria-describedby={hint ? hintId : undefined}
        onChange={(e) => onChange(e.target.value)} {...extra} />
      {hint && <p className="field-hint" id={hintId}>{hint}</p>}
    </div>
  );
}

/** "12.5" as a number, or null while empty or not a number. */
export function numberOrNull(text: string): number | null {
  if (text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}
