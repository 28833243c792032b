import { useActions } from '../kiosk/act.js';
import { useActingAs } from './acting-as.js';
import { roleWords } from './staff-words.js';

/** Who is signed in at this screen, each with a way to sign out (at a break, at the end of a shift). */
export function OnDutyList() {
  const { act } = useActions();
  const { onDuty } = useActingAs();
  return (
    <section aria-label="Signed in at this screen">
      <h3>Signed in</h3>
      {onDuty.length === 0 && <p className="empty">Nobody is signed in.</p>}
      <ul className="roster">
        {onDuty.map((member) => (
          <li key={member.id} className="roster-row">
            <span>{member.displayName} <span className="roster-role">({roleWords[member.role]})</span></span>
            {/* Sent as the person leaving: anyone signed in may sign themselves out. */}
            <button type="button" aria-label={`Sign out ${member.displayName}`}
              onClick={() => void act({ type: 'signOut', staffId: member.id }, member.id)}>
              Sign out
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
