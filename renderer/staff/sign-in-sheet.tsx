/**
 * Staff sign-in: a badge number (USB badge readers type it like a keyboard and press Enter) and a
 * PIN on the on-screen keypad. Owns: collecting both and sending signIn / signOut. Must not touch:
 * whether the PIN is right, lockout or what a role allows; the host decides and gives its reason
 * (a locked badge is refused in the host's words, the same for every badge). Signing in unlocks a
 * locked screen.
 */
import { useId, useRef, useState } from 'react';
import type { RoomView } from '../../shared/contract/index.js';
import { Keypad, type Key } from '../components/keypad.js';
import { RefusalAlert } from '../components/refusal-alert.js';
import { TextInput } from '../components/text-input.js';
import { useActions } from '../kiosk/act.js';
import { useActingAs } from './acting-as.js';
import { DemoSignIns } from './demo-sign-ins.js';
import { OnDutyList } from './on-duty-list.js';

const longestPin = 8;

export function SignInSheet({ room, onClose, onSignedIn }: { room: RoomView; onClose: () => void; onSignedIn: () => void }) {
  const { refusal, clear } = useActions();
  const headingId = useId();
  return (
    <div className="sheet-backdrop">
      <div className="sheet" role="dialog" aria-modal="true" aria-labelledby={headingId}>
        <h2 id={headingId}>Staff sign-in</h2>
        <RefusalAlert reason={refusal} onDismiss={clear} />
        <div className="sign-in-columns">
          <SignInForm onSignedIn={onSignedIn} />
          <div>
            <OnDutyList />
            <DemoSignIns demo={room.demoSignIns} />
          </div>
        </div>
        <button type="button" className="primary" onClick={onClose}>Done</button>
      </div>
    </div>
  );
}

function SignInForm({ onSignedIn }: { onSignedIn: () => void }) {
  const { act, explain } = useActions();
  const { actAs } = useActingAs();
  const [badge, setBadge] = useState('');
  const [pin, setPin] = useState('');
  const pinInput = useRef<HTMLInputElement>(null);
  const pinId = useId();

  const press = (key: Key) => {
    if (key === 'Delete') setPin(pin.slice(0, -1));
    else if (key !== '.' && pin.length < longestPin) setPin(pin + key);
  };
  const signIn = async () => {
    if (badge.trim() === '') return explain('Scan or type your badge number first.');
    if (pin === '') return explain('Enter your PIN on the keypad first.');
    // Signing in is the one step nobody acts for: the badge and PIN say who it is.
    const reply = await act({ type: 'signIn', badgeNumber: badge.trim(), pin }, null);
    // A PIN never stays on screen, right or wrong.
    setPin('');
    if (!reply) return;
    if (reply.staffId) actAs(reply.staffId);
    setBadge('');
    onSignedIn();
  };

  return (
    <form className="sign-in-form" onSubmit={(e) => { e.preventDefault(); void signIn(); }}>
      <TextInput label="Badge number" value={badge} onChange={setBadge} autoFocus maxLength={32}
        hint="Scan your badge, or type the number."
        // The badge reader ends with Enter: move on to the PIN rather than submitting half a sign-in.
        onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); pinInput.current?.focus(); } }} />
      <div className="field field-short">
        <label className="field-label" htmlFor={pinId}>PIN</label>
        <input id={pinId} ref={pinInput} className="entry-value pin-value" type="password" inputMode="none" autoComplete="off"
          value={pin} onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, longestPin))} />
      </div>
      <Keypad wholeNumber onKey={press} />
      <button type="submit" className="primary">Sign in</button>
    </form>
  );
}
