/**
 * Service users and their prescriptions: a prescriber issues, changes and suspends prescriptions
 * and clears a re-titration block; a clinic lead enrols people and keeps their details. A change
 * of worker must never silently stop a prescription, so every prescription and pause is listed.
 */
import { useState } from 'react';
import type { RoomView } from '../../shared/contract/index.js';
import { calendarDate } from '../../shared/clinic-time/clinic-time-text.js';
import { formsWords, noFormNamed } from '../../shared/register/prescribed-forms.js';
import { TextInput } from '../components/text-input.js';
import { HandoverNoteForm, HandoverNoteList } from '../handover/handover-notes.js';
import { useActingAs } from '../staff/acting-as.js';
import { ClearBlockForm } from './clear-block-form.js';
import { PrescriptionForm, SuspendPrescriptionForm } from './prescription-form.js';
import { ServiceUserForm } from './service-user-form.js';
import type { Person, Prescription } from './service-user-rows.js';
import { useReport } from './use-report.js';

type OpenForm =
  | { kind: 'enrol'; person: Person | null }
  | { kind: 'issue'; person: Person }
  | { kind: 'change' | 'suspend'; person: Person; prescription: Prescription }
  | { kind: 'clear'; person: Person }
  | { kind: 'handover'; person: Person };

/**
 * Found by preferred name, or legal name: the report carries the legal name only to the roles
 * that may see it, so searching it shows nobody anything more.
 */
function matches(person: Person, search: string): boolean {
  const words = search.trim().toLocaleLowerCase('en-GB');
  return words === '' || [person.preferredName, person.legalName].some((name) => name.toLocaleLowerCase('en-GB').includes(words));
}

export function ServiceUsers({ room }: { room: RoomView }) {
  const { report, reload } = useReport('serviceUsers');
  const { may } = useActingAs();
  const [open, setOpen] = useState<OpenForm | null>(null);
  const [search, setSearch] = useState('');
  const found = report?.people.filter((person) => matches(person, search)) ?? [];
  const done = () => {
    setOpen(null);
    reload();
  };
  const formFor = (person: Person | null) => {
    if (!open || (open.person?.serviceUserId ?? null) !== (person?.serviceUserId ?? null)) return null;
    const cancel = () => setOpen(null);
    switch (open.kind) {
      case 'enrol': return <ServiceUserForm person={open.person} onDone={done} onCancel={cancel} />;
      case 'issue': return <PrescriptionForm room={room} person={open.person} prescription={null} onDone={done} onCancel={cancel} />;
      case 'change': return <PrescriptionForm room={room} person={open.person} prescription={open.prescription} onDone={done} onCancel={cancel} />;
      case 'suspend': return <SuspendPrescriptionForm prescription={open.prescription} onDone={done} onCancel={cancel} />;
      case 'clear': return <ClearBlockForm person={open.person} onDone={done} onCancel={cancel} />;
      case 'handover':
        return <HandoverNoteForm serviceUserId={open.person.serviceUserId} preferredName={open.person.preferredName} onDone={done} onCancel={cancel} />;
    }
  };

  return (
    <section aria-labelledby="service-users-heading">
      <h2 id="service-users-heading">Service users</h2>
      {may('enrolServiceUser') && open?.kind !== 'enrol' && (
        <button type="button" className="primary" onClick={() => setOpen({ kind: 'enrol', person: null })}>Enrol a service user</button>
      )}
      {formFor(null)}
      <div className="records-search">
        <TextInput label="Search service users" type="search" value={search} onChange={setSearch}
          hint="Preferred or legal name: the list narrows as you type." />
      </div>
      {report === null && <p className="note" role="status">Loading…</p>}
      {report !== null && found.length === 0 && (
        <p className="empty" role="status">{search.trim() === '' ? 'Nobody is enrolled yet.' : `Nobody enrolled is called “${search.trim()}”.`}</p>
      )}
      <ul className="records-list">
        {found.map((person) => (
          <li key={person.serviceUserId} className="record-card" aria-label={person.preferredName}>
            <div className="record-card-head">
              {person.photo && <img className="photo photo-small" src={person.photo} alt={`Photo of ${person.preferredName}`} />}
              <div>
                <h3>{person.preferredName}</h3>
                <p>{person.legalName}, born {calendarDate(person.dateOfBirth)}{person.alcoholMonitoring && ' · alcohol monitoring'}</p>
                {person.paused && <p className="paused">{person.paused}</p>}
              </div>
            </div>
            <HandoverNoteList notes={person.handoverNotes} timeZone={room.kiosk.timeZone} />
            <PrescriptionList person={person} onOpen={setOpen} />
            <div className="decision">
              {/* Only where it can apply: the host says whether a new prescription would overlap one in force, and who is blocked now. */}
              {person.mayIssuePrescription && may('issuePrescription') && (
                <button type="button" onClick={() => setOpen({ kind: 'issue', person })}>Issue prescription for {person.preferredName}</button>
              )}
              {person.retitrationBlocked && may('clearRetitrationBlock') && (
                <button type="button" onClick={() => setOpen({ kind: 'clear', person })}>Clear re-titration block for {person.preferredName}</button>
              )}
              {may('enrolServiceUser') && (
                <button type="button" onClick={() => setOpen({ kind: 'enrol', person })}>Edit details of {person.preferredName}</button>
              )}
              {may('writeHandoverNote') && (
                <button type="button" onClick={() => setOpen({ kind: 'handover', person })}>Write a handover note for {person.preferredName}</button>
              )}
            </div>
            {formFor(person)}
          </li>
        ))}
      </ul>
    </section>
  );
}

function PrescriptionList({ person, onOpen }: { person: Person; onOpen: (form: OpenForm) => void }) {
  const { may } = useActingAs();
  if (person.prescriptions.length === 0) return <p className="note">No prescription.</p>;
  return (
    <table className="records">
      <caption>Prescriptions</caption>
      <thead>
        <tr><th scope="col">Drug</th><th scope="col">Dose</th><th scope="col">Routes</th><th scope="col">Reduced range</th>
          <th scope="col">Dates</th><th scope="col">Status</th><th scope="col">Prescriber</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr>
      </thead>
      <tbody>
        {person.prescriptions.map((p) => (
          <tr key={p.prescriptionId}>
            <td>
              {p.drug}, {p.allowedForms.length > 0 ? formsWords(p.allowedForms) : p.form}{p.strengthMgPerMl !== null && `, ${p.strengthMgPerMl} mg/mL`}
              {/* Issued before forms were chosen, naming none the catalogue knows: nothing can be drawn up for it. */}
              {p.allowedForms.length === 0 && <p className="warning-line">{noFormNamed}</p>}
            </td>
            <td>{p.dosePerSessionMg} mg × {p.sessionsPerDay} a day</td>
            <td>{p.routes.join(', ')}</td>
            <td>{p.reducedDoseRange ? `${p.reducedDoseRange.minMg}–${p.reducedDoseRange.maxMg} mg` : 'None'}</td>
            <td>From {calendarDate(p.startsOn)}{p.endsOn && ` to ${calendarDate(p.endsOn)}`}</td>
            <td>{p.status}</td>
            <td>{p.prescriber}</td>
            <td>
              {p.status === 'active' && may('changePrescription') && (
                <button type="button" onClick={() => onOpen({ kind: 'change', person, prescription: p })}>Change prescription</button>
              )}
              {p.status === 'active' && may('suspendPrescription') && (
                <button type="button" onClick={() => onOpen({ kind: 'suspend', person, prescription: p })}>Suspend prescription</button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
