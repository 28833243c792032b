/**
 * The handover notes inside the visit at check-in, where the worker checking the person in reads
 * them, and a note written there for the next worker. Only at check-in: the host sends the notes
 * with the identity block alone, so they never reach the room board or the locked screen.
 */
import { useState } from 'react';
import type { VisitView } from '../../shared/contract/index.js';
import { HandoverNoteForm, HandoverNoteList } from '../handover/handover-notes.js';
import { useActingAs } from '../staff/acting-as.js';

export function HandoverAtCheckIn({ visit, timeZone }: { visit: VisitView; timeZone: string }) {
  const { may } = useActingAs();
  const [writing, setWriting] = useState(false);
  if (visit.identity === null) return null;
  return (
    <section className="handover-at-check-in" aria-label="Handover notes">
      <h3>Handover notes</h3>
      {/* The record's own undated note is shown with the identity details above: the dated ones here. */}
      <HandoverNoteList notes={visit.identity.handoverNotes.filter((shown) => shown.writtenAt !== null)} timeZone={timeZone} />
      {writing ? (
        <HandoverNoteForm serviceUserId={visit.person.id} preferredName={visit.person.preferredName}
          onDone={() => setWriting(false)} onCancel={() => setWriting(false)} />
      ) : may('writeHandoverNote') && (
        <button type="button" onClick={() => setWriting(true)}>Write a handover note</button>
      )}
    </section>
  );
}
