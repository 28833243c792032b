import { useState } from 'react';
import { TextField } from '../components/text-field.js';
import { useActions } from '../kiosk/act.js';
import type { Person } from './service-user-rows.js';

/**
 * After missed sessions the person re-titrates under the prescriber (Middlesbrough); clearing the
 * block says so on the record, with the prescriber's note, and missed sessions count again from now.
 */
export function ClearBlockForm({ person, onDone, onCancel }: { person: Person; onDone: () => void; onCancel: () => void }) {
  const { act, explain } = useActions();
  const [note, setNote] = useState('');
  const confirm = async () => {
    if (note.trim() === '') return explain('Write a note for the record: the re-titration plan or why the block is cleared.');
    if (await act({ type: 'clearRetitrationBlock', serviceUserId: person.serviceUserId, note: note.trim() })) onDone();
  };
  return (
    <section className="end-visit-panel" aria-label={`Clearing the re-titration block for ${person.preferredName}`}>
      <p className="note">{person.paused}</p>
      <TextField label="Note for the record" value={note} onChange={setNote} />
      <div className="decision">
        <button type="button" className="primary" onClick={() => void confirm()}>Confirm: clear re-titration block</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </section>
  );
}
