/**
 * Handover notes as staff read and write them: in Records on the service user's card, and inside
 * the visit at check-in. Owns: the list (newest first, each with who wrote it and when, in the
 * clinic's zone) and the form. Must not touch: who may write or which notes are shown (the host
 * decides both and sends the latest few).
 */
import { useState } from 'react';
import type { HandoverNoteView } from '../../shared/contract/index.js';
import { dateAndTime } from '../../shared/clinic-time/clinic-time-text.js';
import { TextField } from '../components/text-field.js';
import { useActions } from '../kiosk/act.js';

// The contract's bound: the screen says so before sending rather than have the host refuse it.
const longestNote = 500;

export function HandoverNoteList({ notes, timeZone }: { notes: readonly HandoverNoteView[]; timeZone: string }) {
  if (notes.length === 0) return <p className="note">No handover notes.</p>;
  return (
    <ul className="handover-notes" aria-label="Handover notes">
      {notes.map((shown, index) => (
        <li key={`${shown.writtenAt ?? 'record'}-${index}`} className="handover-note">
          <p className="handover-note-by">
            {shown.writtenAt === null ? 'From the record, undated' : `${shown.writtenBy ?? 'A staff member'}, ${dateAndTime(shown.writtenAt, timeZone)}`}
          </p>
          <p>{shown.note}</p>
        </li>
      ))}
    </ul>
  );
}

/** Writing one: it is dated and signed by the host as the person acting, never edited after. */
export function HandoverNoteForm({ serviceUserId, preferredName, onDone, onCancel }: {
  serviceUserId: string;
  preferredName: string;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { act, explain } = useActions();
  const [note, setNote] = useState('');
  const save = async () => {
    const text = note.trim();
    if (text === '') return explain('Write the handover note first.');
    if (text.length > longestNote) return explain(`A handover note is at most ${longestNote} characters: shorten it.`);
    if (await act({ type: 'writeHandoverNote', serviceUserId, note: text })) onDone();
  };
  return (
    <section className="end-visit-panel" aria-label={`Handover note for ${preferredName}`}>
      <TextField label="Handover note" value={note} onChange={setNote} />
      <div className="decision">
        <button type="button" className="primary" onClick={() => void save()}>Save the handover note</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </section>
  );
}
