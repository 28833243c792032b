/**
 * On-screen number keys: the wall screen has no keyboard and gloved fingers miss small targets.
 * Only one keypad is usable at a time, so its key names ("1", ".", "Delete") stay unique: the PIN
 * keypad appears on the sign-in sheet, which makes the page behind it inert.
 */
export type Key = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '.' | 'Delete';

const rows: readonly (readonly Key[])[] = [
  ['1', '2', '3'],
  ['4', '5', '6'],
  ['7', '8', '9'],
  ['.', '0', 'Delete'],
];

export function Keypad({ wholeNumber, onKey }: { wholeNumber: boolean; onKey: (key: Key) => void }) {
  return (
    <div className="keypad">
      {rows.flat().map((key) =>
        key === '.' && wholeNumber ? (
          <span key={key} className="key-gap" aria-hidden="true" />
        ) : (
          <button
            key={key}
            type="button"
            className={key === 'Delete' ? 'key key-delete' : 'key'}
            // Keeps focus in the entry so a physical keyboard can carry on where the keys left off.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => onKey(key)}
          >
            {key}
          </button>
        ),
      )}
    </div>
  );
}
