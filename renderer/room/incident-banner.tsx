/**
 * Double doses found when an offline kiosk reconnected: one red banner each, above the room board
 * on every kiosk of the clinic, until a nurse or clinic lead says what was done. Owns: showing the
 * incident and sending the acknowledgement as the acting person. Must not touch: who may
 * acknowledge (the host sends `may` and checks it again) or any identity beyond the person's card.
 */
import { useId, useState } from 'react';
import type { IncidentView, RoomView } from '../../shared/contract/index.js';
import { clockTime } from '../../shared/clinic-time/clinic-time-text.js';
import { Photo } from '../components/photo.js';
import { TextField } from '../components/text-field.js';
import { useActions } from '../kiosk/act.js';
import { useActingAs } from '../staff/acting-as.js';
import { personName } from './stage-words.js';

export function IncidentBanners({ room }: { room: RoomView }) {
  if (room.incidents.length === 0) return null;
  return (
    <div className="incidents">
      {room.incidents.map((incident) => (
        <IncidentBanner key={incident.incidentId} incident={incident} timeZone={room.kiosk.timeZone} />
      ))}
    </div>
  );
}

function IncidentBanner({ incident, timeZone }: { incident: IncidentView; timeZone: string }) {
  const headingId = useId();
  const { may } = useActingAs();
  const name = personName(incident.person);
  return (
    <section className="incident" data-testid="incident" aria-labelledby={headingId}>
      <Photo person={incident.person} size="small" />
      <div className="incident-text">
        <h2 id={headingId} className="incident-title">Double dose: {name}</h2>
        <p className="incident-summary">{incident.summary}</p>
        <p className="incident-found">Found {clockTime(incident.raisedAt, timeZone)}, when a kiosk that had been offline reconnected.</p>
        {may('acknowledgeIncident')
          ? <AcknowledgeForm incident={incident} />
          : <p className="note">A nurse or clinic lead must acknowledge this: sign in, or act as one of them.</p>}
      </div>
    </section>
  );
}

function AcknowledgeForm({ incident }: { incident: IncidentView }) {
  const { act, explain } = useActions();
  const [note, setNote] = useState('');
  // The banner goes when the host's next room view no longer lists the incident; a refusal stays
  // on screen in the host's words and the note is kept so nothing typed is lost.
  const acknowledge = () => {
    if (note.trim() === '') return explain('Write what was done about the double dose, then acknowledge it.');
    void act({ type: 'acknowledgeIncident', incidentId: incident.incidentId, note: note.trim() });
  };
  return (
    <div className="incident-acknowledge">
      <TextField label="What was done" value={note} onChange={setNote} />
      <button type="button" className="incident-button" onClick={acknowledge}>Acknowledge</button>
    </div>
  );
}
