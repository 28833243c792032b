/**
 * Room board, the home screen. Owns: showing every open visit and who can be checked in.
 * Must not touch: what is due or overdue (the host says), or any detail a passer-by must not read.
 */
import type { RoomView } from '../../shared/contract/index.js';
import { OverdoseButton } from '../overdose/overdose-button.js';
import { IncidentBanners } from './incident-banner.js';
import { VisitCard } from './visit-card.js';
import { WaitingList } from './waiting-list.js';
import { personName } from './stage-words.js';

export function RoomBoard({ room, onOpenVisit }: { room: RoomView; onOpenVisit: (visitId: string, overdose?: boolean) => void }) {
  return (
    <div className="room-board">
      <IncidentBanners room={room} />
      <section aria-labelledby="open-visits-heading">
        <h1 id="open-visits-heading">Open visits</h1>
        {room.visits.length === 0 && <p className="empty">No open visits.</p>}
        <ul className="card-grid">
          {room.visits.map((visit) => (
            <li key={visit.visitId} className="card-slot">
              <VisitCard visit={visit} now={room.now} onOpen={() => onOpenVisit(visit.visitId)} />
              {visit.stage !== 'closed' && (
                <OverdoseButton visit={visit} name={`Overdose: ${personName(visit.person)}`} onStarted={() => onOpenVisit(visit.visitId, true)} />
              )}
            </li>
          ))}
        </ul>
      </section>
      <WaitingList room={room} onOpenVisit={onOpenVisit} />
    </div>
  );
}
