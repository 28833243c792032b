/**
 * The overdose response beside the visit's step, never in front of it: the nurse may still need
 * the step (to withhold, to record an observation) while a colleague records naloxone. Fields
 * follow Ontario's naloxone-administration dataset (docs/clinical-protocol.md). Owns: sending each
 * action the moment it is tapped. Must not touch: any decision; the response is never refused.
 */
import { useState } from 'react';
import type { RoomView, VisitView } from '../../shared/contract/index.js';
import { ChoiceGroup } from '../components/choice-group.js';
import { clockTime } from '../../shared/clinic-time/clinic-time-text.js';
import { useActions } from '../kiosk/act.js';
import { NaloxoneGiven } from './naloxone-given.js';
import { OverdoseOutcomeForm } from './overdose-outcome-form.js';

type Ago = '0' | '2' | '5';

// In an emergency a time is tapped, never typed (the contract takes minutes ago, 0 to 240).
const agoChoices = [
  { value: '0', name: 'Given now', content: 'Now' },
  { value: '2', name: 'Given 2 min ago', content: '2 min ago' },
  { value: '5', name: 'Given 5 min ago', content: '5 min ago' },
] as const;

export function OverdosePanel({ visit, room, onHide }: { visit: VisitView; room: RoomView; onHide: () => void }) {
  const { act } = useActions();
  const [ago, setAgo] = useState<Ago>('0');
  const response = visit.overdose;
  const at = (instant: string) => clockTime(instant, room.kiosk.timeZone);
  const visitId = visit.visitId;
  // Each "when" applies to one action: back to "now" once it is recorded, so the next is not backdated by mistake.
  const send = async (intention: Parameters<typeof act>[0]) => {
    if (await act(intention)) setAgo('0');
  };
  const minutesAgo = Number(ago);

  return (
    <aside className="overdose-panel" aria-labelledby="overdose-heading">
      <div className="overdose-panel-head">
        <h2 id="overdose-heading">Overdose response</h2>
        <button type="button" onClick={onHide}>Hide panel</button>
      </div>
      {response ? (
        <p className="note" role="status">
          {response.open ? 'Open' : 'Closed'}: noticed at {at(response.noticedAt)}
          {response.outcome && `; ${response.outcome.outcome} at ${at(response.outcome.at)}`}
        </p>
      ) : (
        <p className="note" role="status">Starting the response…</p>
      )}
      {/* First, so whoever takes over sees what has been given before giving more. */}
      {response && <NaloxoneGiven doses={response.naloxone} room={room} />}
      <ChoiceGroup label="When" choices={agoChoices} selected={ago} onSelect={setAgo} />
      <div className="field">
        <p className="field-label">Naloxone</p>
        <div className="naloxone-grid">
          {visit.naloxoneDosesMg.flatMap((doseMg) => visit.naloxoneRoutes.map((route) => (
            <button key={`${doseMg}-${route}`} type="button" className="naloxone-button" aria-label={`Naloxone ${doseMg} mg ${route}`}
              onClick={() => void send({ type: 'recordNaloxone', visitId, doseMg, route, minutesAgo })}>
              {doseMg} mg {route}
            </button>
          )))}
        </div>
      </div>
      <div className="decision">
        <button type="button" onClick={() => void send({ type: 'recordOxygen', visitId })}>Oxygen given</button>
        <button type="button" onClick={() => void send({ type: 'recordRescueBreathing', visitId })}>Rescue breathing given</button>
        <button type="button" onClick={() => void send({ type: 'recordEmergencyCall', visitId, minutesAgo })}>Emergency services called</button>
      </div>
      {response && (
        <dl className="facts">
          <dt>Oxygen</dt><dd>{response.oxygenAt ? `Given at ${at(response.oxygenAt)}` : 'Not recorded'}</dd>
          <dt>Rescue breathing</dt><dd>{response.rescueBreathingAt ? `Given at ${at(response.rescueBreathingAt)}` : 'Not recorded'}</dd>
          <dt>Emergency services</dt><dd>{response.emergencyServicesCalledAt ? `Called at ${at(response.emergencyServicesCalledAt)}` : 'Not recorded'}</dd>
        </dl>
      )}
      {response?.open && <OverdoseOutcomeForm visit={visit} />}
    </aside>
  );
}
