import { useId } from 'react';

/** Free text for staff notes and reasons; the product's own words never go here. */
export function TextField({ label, value, onChange }: { label: string; value: string; onChange: (value: string) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>{label}</label>
      <textarea id={id} className="text-field" rows={2} maxLength={500} value={value} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

/** The contract carries "no text" as null, not an empty string. */
export function textOrNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}
