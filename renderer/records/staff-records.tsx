/**
 * A clinic lead enrols staff, changes a role or badge, resets a PIN and marks someone as left.
 * PINs are typed here once and never shown again; the host keeps only a hash.
 */
import { useState } from 'react';
import type { ReportOf } from '../../shared/contract/index.js';
import { ChoiceGroup } from '../components/choice-group.js';
import { TextInput } from '../components/text-input.js';
import { ToggleButton } from '../components/toggle-button.js';
import { useActions } from '../kiosk/act.js';
import { useActingAs } from '../staff/acting-as.js';
import { roleWords } from '../staff/staff-words.js';
import { useReport } from './use-report.js';
import { staffRoleOptions } from './vocabulary.js';

type Member = ReportOf<'staff'>['staff'][number];

export function StaffRecords() {
  const { report, reload } = useReport('staff');
  const { may } = useActingAs();
  const { act } = useActions();
  // A badge locked after too many wrong PINs opens again only here (main/host/staff/pin-lockout.ts).
  const unlock = async (member: Member) => {
    if (await act({ type: 'unlockStaff', staffId: member.id })) reload();
  };
  // Who may witness controlled drugs being destroyed (Misuse of Drugs Regulations 2001 reg 27).
  const authorise = async (member: Member, authorised: boolean) => {
    if (await act({ type: 'authoriseDestructionWitness', staffId: member.id, authorised })) reload();
  };
  // undefined: no form; null: enrolling someone new.
  const [editing, setEditing] = useState<Member | null | undefined>(undefined);
  const done = () => {
    setEditing(undefined);
    reload();
  };
  return (
    <section aria-labelledby="staff-heading">
      <h2 id="staff-heading">Staff</h2>
      {may('enrolStaff') && editing === undefined && (
        <button type="button" className="primary" onClick={() => setEditing(null)}>Enrol a member of staff</button>
      )}
      {editing !== undefined && <StaffForm key={editing?.id ?? 'new'} member={editing} onDone={done} onCancel={() => setEditing(undefined)} />}
      <table className="records">
        <thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Badge</th><th scope="col">Status</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
        <tbody>
          {report?.staff.map((m) => (
            <tr key={m.id}>
              <td>{m.displayName}</td><td>{roleWords[m.role]}</td><td>{m.badgeNumber}</td>
              <td>
                {m.active ? 'Active' : 'Left'}{m.lockedOut && <strong className="overdue-flag"> · Locked out</strong>}
                {m.destructionWitness && ' · Authorised to witness destruction'}
              </td>
              <td>
                {may('enrolStaff') && <button type="button" onClick={() => setEditing(m)}>Edit {m.displayName}</button>}
                {m.lockedOut && may('unlockStaff') && <button type="button" onClick={() => void unlock(m)}>Unlock {m.displayName}</button>}
                {m.active && may('authoriseDestructionWitness') && (
                  <button type="button" onClick={() => void authorise(m, !m.destructionWitness)}>
                    {m.destructionWitness ? `Withdraw ${m.displayName} as a destruction witness` : `Authorise ${m.displayName} to witness destruction`}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

type Role = Member['role'];

function StaffForm({ member, onDone, onCancel }: { member: Member | null; onDone: () => void; onCancel: () => void }) {
  const { act, explain } = useActions();
  const [displayName, setDisplayName] = useState(member?.displayName ?? '');
  const [role, setRole] = useState<Role | null>(member?.role ?? null);
  const [badge, setBadge] = useState(member?.badgeNumber ?? '');
  const [pin, setPin] = useState('');
  const [active, setActive] = useState(member?.active ?? true);
  const save = async () => {
    if (displayName.trim() === '') return explain('Enter the name staff and the register will see.');
    if (role === null) return explain('Choose a role.');
    if (member === null && pin === '') return explain('Set a PIN for the new member of staff.');
    const reply = await act({
      type: 'enrolStaff', staffId: member?.id ?? null, displayName: displayName.trim(), role, badgeNumber: badge.trim(),
      // An empty PIN when editing keeps the current one.
      pin: pin === '' ? null : pin, active,
    });
    if (reply) onDone();
  };
  const title = member ? `Editing ${member.displayName}` : 'Enrolling a member of staff';
  return (
    <section className="end-visit-panel form-grid" aria-label={title}>
      <h3>{title}</h3>
      <TextInput label="Name" value={displayName} onChange={setDisplayName} maxLength={80} />
      <ChoiceGroup label="Role" selected={role} onSelect={setRole}
        choices={staffRoleOptions.map((r) => ({ value: r, name: `Role: ${roleWords[r]}`, content: roleWords[r] }))} />
      <TextInput label="Badge number" value={badge} onChange={setBadge} maxLength={32} />
      <TextInput label={member ? 'New PIN (leave empty to keep the current one)' : 'PIN'} type="password" inputMode="numeric"
        value={pin} onChange={(v) => setPin(v.replace(/\D/g, '').slice(0, 8))} hint="4 to 8 digits." />
      <ToggleButton label="Active (may sign in)" pressed={active} onToggle={() => setActive(!active)} />
      <div className="decision">
        <button type="button" className="primary" onClick={() => void save()}>{member ? 'Save' : 'Enrol'}</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </section>
  );
}
