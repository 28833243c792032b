/**
 * The overdose response, as the main area of the visit while it is open: the time since it was
 * noticed, the next naloxone dose the host says is due, and every action one large touch away, the
 * naloxone first. The step stays below it: the nurse may still need it (to withhold, to record an
 * observation) while a colleague records naloxone. Fields follow Ontario's naloxone-administration
 * dataset (docs/clinical-protocol.md). Owns: sending each action the moment it is tapped. Must not
 * touch: any decision, the interval included (the host sends when the next dose is due).
 */
import { useEffect, useRef, useState } from 'react';
import type { OverdoseView, RoomView, VisitView } from '../../shared/contract/index.js';
import { ChoiceGroup } from '../components/choice-group.js';
import { clockTime } from '../../shared/clinic-time/clinic-time-text.js';
import { useActions } from '../kiosk/act.js';
import { stopwatch, useHostNow } from './host-clock.js';
import { NaloxoneGiven } from './naloxone-given.js';
import { OverdoseOutcomeForm } from './overdose-outcome-form.js';

type Ago = '0' | '2' | '5';

// In an emergency a time is tapped, never typed (the contract takes minutes ago, 0 to 240).
const agoChoices = [
  { value: '0', name: 'Given now', content: 'Now' },
  { value: '2', name: 'Given 2 min ago', content: '2 min ago' },
  { value: '5', name: 'Given 5 min ago', content: '5 min ago' },
] as const;

/** Read from across the room: how long since it was noticed, and whether naloxone is due. */
function ResponseClocks({ response, nowMs }: { response: OverdoseView; nowMs: number }) {
  const dueAt = response.nextNaloxoneDueAt === null ? null : Date.parse(response.nextNaloxoneDueAt);
  return (
    <div className="overdose-clocks">
      <p className="overdose-clock">
        <span className="overdose-clock-label">Since noticed</span>
        <span className="stopwatch" aria-label="Time since noticed">{stopwatch(nowMs - Date.parse(response.noticedAt))}</span>
      </p>
      {response.open && (
        <p className={dueAt !== null && dueAt <= nowMs ? 'naloxone-prompt naloxone-prompt-due' : 'naloxone-prompt'}>
          {dueAt === null
            ? `First naloxone: when needed (repeat every ${response.naloxoneRepeatMinutes} min)`
            : dueAt <= nowMs ? '⚠ Naloxone due now' : `Next naloxone due in ${stopwatch(dueAt - nowMs)}`}
        </p>
      )}
    </div>
  );
}

export function OverdosePanel({ visit, room, onHide }: { visit: VisitView; room: RoomView; onHide: () => void }) {
  const { act } = useActions();
  const [ago, setAgo] = useState<Ago>('0');
  const nowMs = useHostNow(room.now);
  const response = visit.overdose;
  const at = (instant: string) => clockTime(instant, room.kiosk.timeZone);
  const visitId = visit.visitId;
  // Each "when" applies to one action: back to "now" once it is recorded, so the next is not backdated by mistake.
  const send = async (intention: Parameters<typeof act>[0]) => {
    if (await act(intention)) setAgo('0');
  };
  const minutesAgo = Number(ago);
  const panel = useRef<HTMLElement>(null);
  // The top of the response to the top of the screen as it opens: the room's banners (stock
  // checks, unapproved rules) above the visit would otherwise push the naloxone below the fold.
  useEffect(() => { panel.current?.scrollIntoView({ block: 'start' }); }, []);

  return (
    <section ref={panel} className="overdose-panel" aria-labelledby="overdose-heading">
      <div className="overdose-panel-head">
        <h2 id="overdose-heading">Overdose response</h2>
        {response && <ResponseClocks response={response} nowMs={nowMs} />}
        <button type="button" onClick={onHide}>Hide panel</button>
      </div>
      <p className="note" role="status">
        {response
          ? <>{response.open ? 'Open' : 'Closed'}: noticed at {at(response.noticedAt)}{response.outcome && `; ${response.outcome.outcome} at ${at(response.outcome.at)}`}</>
          : 'Starting the response…'}
      </p>
      <div className="naloxone-row">
        <div className="field naloxone-field">
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
        <ChoiceGroup label="When" choices={agoChoices} selected={ago} onSelect={setAgo} />
      </div>
      <div className="decision overdose-actions">
        <button type="button" onClick={() => void send({ type: 'recordOxygen', visitId })}>Oxygen given</button>
        <button type="button" onClick={() => void send({ type: 'recordRescueBreathing', visitId })}>Rescue breathing given</button>
        <button type="button" onClick={() => void send({ type: 'recordEmergencyCall', visitId, minutesAgo })}>Emergency services called</button>
      </div>
      {/* Before the outcome, so whoever takes over sees what has been given before giving more. */}
      {response && <NaloxoneGiven doses={response.naloxone} room={room} nowMs={nowMs} />}
      {response && (
        <dl className="facts">
          <dt>Oxygen</dt><dd>{response.oxygenAt ? `Given at ${at(response.oxygenAt)}` : 'Not recorded'}</dd>
          <dt>Rescue breathing</dt><dd>{response.rescueBreathingAt ? `Given at ${at(response.rescueBreathingAt)}` : 'Not recorded'}</dd>
          <dt>Emergency services</dt><dd>{response.emergencyServicesCalledAt ? `Called at ${at(response.emergencyServicesCalledAt)}` : 'Not recorded'}</dd>
        </dl>
      )}
      {response?.open && <OverdoseOutcomeForm visit={visit} />}
    </section>
  );
}
