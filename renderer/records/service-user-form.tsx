/**
 * A clinic lead enrols a service user or keeps their details up to date. The photo and preferred
 * name are how staff know the person without asking ('Have I seen you before?' hurts: seed paper);
 * handover notes are written apart, dated and signed (renderer/handover): the one note kept on the
 * record before them is carried through a save unchanged, read as the record's own, undated.
 */
import { useState } from 'react';
import { TextInput } from '../components/text-input.js';
import { ToggleButton } from '../components/toggle-button.js';
import { useActions } from '../kiosk/act.js';
import { photoDataUrl } from './photo-capture.js';
import type { Person } from './service-user-rows.js';

export function ServiceUserForm({ person, onDone, onCancel }: { person: Person | null; onDone: () => void; onCancel: () => void }) {
  const { act, explain } = useActions();
  const [preferredName, setPreferredName] = useState(person?.preferredName ?? '');
  const [legalName, setLegalName] = useState(person?.legalName ?? '');
  const [dateOfBirth, setDateOfBirth] = useState(person?.dateOfBirth ?? '');
  const [photo, setPhoto] = useState(person?.photo ?? '');
  const [alcoholMonitoring, setAlcoholMonitoring] = useState(person?.alcoholMonitoring ?? false);

  const takePhoto = async (file: File | undefined) => {
    if (!file) return;
    try {
      setPhoto(await photoDataUrl(file));
    } catch (error) {
      explain(error instanceof Error ? error.message : 'The photo could not be read. Try another photo.');
    }
  };
  const save = async () => {
    if (preferredName.trim() === '' || legalName.trim() === '') return explain('Enter the preferred name and the legal name.');
    if (dateOfBirth === '') return explain('Enter the date of birth.');
    if (photo === '') return explain('Take or choose a photo: staff use it to know the person.');
    const reply = await act({
      type: 'enrolServiceUser', serviceUserId: person?.serviceUserId ?? null, preferredName: preferredName.trim(),
      legalName: legalName.trim(), dateOfBirth, photo, alcoholMonitoring, handoverNote: person?.handoverNote ?? null,
    });
    if (reply) onDone();
  };

  const title = person ? `Details of ${person.preferredName}` : 'Enrolling a service user';
  return (
    <section className="end-visit-panel form-grid" aria-label={title}>
      <h3>{title}</h3>
      <TextInput label="Preferred name" value={preferredName} onChange={setPreferredName} maxLength={60} />
      <TextInput label="Legal name" value={legalName} onChange={setLegalName} maxLength={120} />
      <TextInput label="Date of birth" type="date" value={dateOfBirth} onChange={setDateOfBirth} />
      <div className="field field-short">
        <label className="field-label" htmlFor="service-user-photo">Photo</label>
        {photo && <img className="photo photo-small" src={photo} alt="The photo to be saved" />}
        {/* capture="user": the tablet's front camera opens directly when there is one. */}
        <input id="service-user-photo" className="file-input" type="file" accept="image/*" capture="user"
          onChange={(e) => void takePhoto(e.target.files?.[0])} />
      </div>
      <ToggleButton label="Alcohol monitoring (breath test)" pressed={alcoholMonitoring} onToggle={() => setAlcoholMonitoring(!alcoholMonitoring)} />
      <div className="decision">
        <button type="button" className="primary" onClick={() => void save()}>{person ? 'Save details' : 'Enrol'}</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </section>
  );
}
