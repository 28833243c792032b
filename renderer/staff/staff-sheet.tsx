/**
 * Staff sign-in sheet. Owns: listing the roster and sending signIn / signOut. Must not touch: who
 * may sign in or what a role allows; the host decides and answers with a reason.
 */
import { useId } from 'react';
import type { StaffCard } from '../../shared/contract/index.js';
import { RefusalAlert } from '../components/refusal-alert.js';
import { useActions } from '../kiosk/act.js';
import { roleWords } from './staff-words.js';

export function StaffSheet({ roster, onDuty, onClose }: { roster: readonly StaffCard[]; onDuty: readonly StaffCard[]; onClose: () => void }) {
  const { act, refusal, clear } = useActions();
  const headingId = useId();
  const signedIn = new Set(onDuty.map((s) => s.id));
  return (
    <div className="sheet-backdrop">
      <div className="sheet" role="dialog" aria-modal="true" aria-labelledby={headingId}>
        <h2 id={headingId}>Staff sign-in</h2>
        <RefusalAlert reason={refusal} onDismiss={clear} />
        <ul className="roster">
          {roster.map((member) => {
            const isIn = signedIn.has(member.id);
            const verb = isIn ? 'Sign out' : 'Sign in';
            return (
              <li key={member.id}>
                <button
                  type="button"
                  className={isIn ? 'roster-button roster-signed-in' : 'roster-button'}
                  aria-label={`${verb} ${member.displayName}`}
                  onClick={() => void act({ type: isIn ? 'signOut' : 'signIn', staffId: member.id })}
                >
                  {verb} {member.displayName}
                  <span className="roster-role"> ({roleWords[member.role]})</span>
                </button>
              </li>
            );
          })}
        </ul>
        {roster.length === 0 && <p>No staff are enrolled at this clinic yet.</p>}
        <button type="button" className="primary" onClick={onClose}>Done</button>
      </div>
    </div>
  );
}
