import type { PersonCard, RoomView } from '../../shared/contract/index.js';
import { Photo } from '../components/photo.js';
import { useActions } from '../kiosk/act.js';
import { useActingAs } from '../staff/acting-as.js';
import { personName } from './stage-words.js';

/**
 * People with a prescription in force today and no open visit. A paused person is listed with the
 * host's reason (treatment paused, already dosed this session) so staff can explain it, never
 * silently left out.
 */
export function WaitingList({ room, onOpenVisit }: { room: RoomView; onOpenVisit: (visitId: string) => void }) {
  const { act } = useActions();
  const { may } = useActingAs();
  const checkIn = async (person: PersonCard) => {
    const reply = await act({ type: 'startVisit', serviceUserId: person.id });
    if (reply?.visitId) onOpenVisit(reply.visitId);
  };
  return (
    <section aria-labelledby="check-in-heading">
      <h2 id="check-in-heading">Check in</h2>
      {room.waiting.length === 0 && <p className="empty">Nobody else can be checked in right now.</p>}
      {!may('startVisit') && room.waiting.length > 0 && (
        <p className="note">Checking in is done by a nurse or HCA: sign in, or act as one of them.</p>
      )}
      <ul className="person-grid">
        {room.waiting.map((person) => (
          <li key={person.id} className="person-slot">
            <button type="button" className="person-button" disabled={person.paused !== null}
              onClick={() => void checkIn(person)} aria-label={`Check in ${personName(person)}`}
              aria-describedby={person.paused ? `paused-${person.id}` : undefined}>
              <Photo person={person} size="small" decorative />
              <span className="card-name">{personName(person)}</span>
            </button>
            {person.paused && <p className="paused" id={`paused-${person.id}`}>{person.paused}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}
