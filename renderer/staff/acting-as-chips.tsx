import { useActions } from '../kiosk/act.js';
import { useActingAs } from './acting-as.js';
import { roleInLine, roleWords } from './staff-words.js';

/**
 * One chip per person signed in; tapping one makes them the person acting. The actor is written
 * large because every step on screen is recorded under their name.
 */
export function ActingAsChips() {
  const { actor, onDuty, actAs } = useActingAs();
  const { clear } = useActions();
  return (
    <div className="acting-as">
      <p className="acting-as-line" role="status">
        {actor ? <>Acting as <strong>{actor.displayName}</strong> · {roleInLine[actor.role]}</> : 'Nobody signed in'}
      </p>
      {onDuty.length > 0 && (
        <div className="chips" role="group" aria-label="Staff on duty">
          {onDuty.map((s) => (
            <button key={s.id} type="button" className="chip" aria-pressed={s.id === actor?.id} aria-label={`Act as ${s.displayName}`}
              // A refusal given to the last person acting is not this person's.
              onClick={() => { clear(); actAs(s.id); }}>
              {s.displayName} <span className="chip-role">{roleWords[s.role]}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
