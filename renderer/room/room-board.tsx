/**
 * Room board, the home screen. Owns: showing every open visit and who can be checked in.
 * Must not touch: what is due or overdue (the host says), or any detail a passer-by must not read.
 */
import type { PersonCard, RoomView } from '../../shared/contract/index.js';
import { Photo } from '../components/photo.js';
import { useActions } from '../kiosk/act.js';
import { personName } from './stage-words.js';
import { VisitCard } from './visit-card.js';

export function RoomBoard({ room, onOpenVisit }: { room: RoomView; onOpenVisit: (visitId: string) => void }) {
  const { act } = useActions();
  const checkIn = async (person: PersonCard) => {
    const reply = await act({ type: 'startVisit', serviceUserId: person.id });
    if (reply?.visitId) onOpenVisit(reply.visitId);
  };
  return (
    <div className="room-board">
      <section aria-labelledby="open-visits-heading">
        <h1 id="open-visits-heading">Open visits</h1>
        {room.visits.length === 0 && <p className="empty">No open visits.</p>}
        <ul className="card-grid">
          {room.visits.map((visit) => (
            <li key={visit.visitId}>
              <VisitCard visit={visit} now={room.now} onOpen={() => onOpenVisit(visit.visitId)} />
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="check-in-heading">
        <h2 id="check-in-heading">Check in</h2>
        {room.waiting.length === 0 && <p className="empty">Nobody else can be checked in right now.</p>}
        <ul className="person-grid">
          {room.waiting.map((person) => (
            <li key={person.id}>
              <button type="button" className="person-button" onClick={() => void checkIn(person)} aria-label={`Check in ${personName(person)}`}>
                <Photo person={person} size="small" decorative />
                <span className="card-name">{personName(person)}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
