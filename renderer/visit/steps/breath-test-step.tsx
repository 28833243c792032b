import { useActions } from '../../kiosk/act.js';
import { BreathReading } from '../breath-reading.js';
import type { StepProps } from '../step-props.js';
import { WithholdDose } from '../withhold-dose.js';

/** The reading comes over the serial cable and the host binds it to this visit; the screen only asks. */
export function BreathTestStep({ visit, room }: StepProps) {
  const { act } = useActions();
  const { breath } = visit;
  const start = () => void act({ type: 'startBreathTest', visitId: visit.visitId });
  return (
    <div className="step">
      <p className="device-line">
        Breathalyser: {room.device.words}
        {room.device.simulated && <span className="tag">Simulated</span>}
      </p>
      <button type="button" className="primary" disabled={breath.inProgress} onClick={start}>Start breath test</button>
      {breath.inProgress && <p className="blow-now" role="status">Blow into the breathalyser now…</p>}
      {breath.lastError && !breath.inProgress && (
        <div className="breath-error">
          <p>{breath.lastError.message}</p>
          <button type="button" className="primary" onClick={start}>Try again</button>
        </div>
      )}
      {breath.reading && <BreathReading reading={breath.reading} />}
      <WithholdDose visit={visit} />
    </div>
  );
}
