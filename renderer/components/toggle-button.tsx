/** An on/off button; the tick and aria-pressed say it is on, not colour alone. */
export function ToggleButton({ label, name, pressed, onToggle }: {
  label: string;
  // A longer accessible name when the visible label only makes sense under its heading.
  name?: string;
  pressed: boolean;
  onToggle: () => void;
}) {
  return (
    <button type="button" className="toggle" aria-pressed={pressed} aria-label={name} onClick={onToggle}>
      <span className="tick" aria-hidden="true">{pressed ? '✓' : ''}</span>
      {label}
    </button>
  );
}
