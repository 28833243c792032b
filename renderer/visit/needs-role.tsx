import type { IntentionType } from '../../shared/contract/index.js';
import { useActions } from '../kiosk/act.js';
import { useActingAs } from '../staff/acting-as.js';

/**
 * Shown instead of a step's form when the person acting may not record it (an HCA at the pre-dose
 * decision, say). The host would refuse it anyway; this saves filling in a form for nothing and
 * offers the people on duty who may.
 */
export function NeedsRole({ intention, what }: { intention: IntentionType; what: string }) {
  const { onDuty, actAs } = useActingAs();
  const { clear } = useActions();
  const able = onDuty.filter((s) => s.may.includes(intention));
  return (
    <div className="needs-role" role="note">
      <p>{what} is not recorded by the person acting now.</p>
      {able.length === 0 ? (
        <p>Nobody signed in may record it: ask a colleague who may to sign in.</p>
      ) : (
        <div className="decision">
          {able.map((s) => (
            <button key={s.id} type="button" onClick={() => { clear(); actAs(s.id); }}>Switch to {s.displayName}</button>
          ))}
        </div>
      )}
    </div>
  );
}
