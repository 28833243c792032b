import { useState } from 'react';
import { useActions } from '../../kiosk/act.js';
import { DeviceStatus, deviceHasProblem } from '../../kiosk/device-status.js';
import { ManualBreathReading } from '../manual-breath-reading.js';
import type { StepProps } from '../step-props.js';
import { WithholdDose } from '../withhold-dose.js';

/**
 * The reading comes over the serial cable and the host binds it to this visit; the screen only
 * asks. When the host says the device is broken (or failed this visit's test), a reading taken on
 * another device may be entered by hand instead.
 */
export function BreathTestStep({ visit, room }: StepProps) {
  const { act } = useActions();
  const [byHand, setByHand] = useState(false);
  const { breath } = visit;
  const start = () => void act({ type: 'startBreathTest', visitId: visit.visitId });
  const cancel = () => void act({ type: 'cancelBreathTest', visitId: visit.visitId });
  const manual = breath.manualReadingAllowed;
  const failed = breath.lastError !== null && !breath.inProgress;
  const offerByHand = manual && !byHand && (
    <button type="button" onClick={() => setByHand(true)}>Enter a reading by hand</button>
  );

  return (
    <div className="step">
      <DeviceStatus device={room.device} prominent />
      {breath.inProgress && <p className="blow-now" role="status">Blow into the breathalyser now…</p>}
      {failed ? (
        <section className="breath-error" aria-label="Breath test failed">
          <p className="breath-error-title">No reading from the breathalyser</p>
          <p>{breath.lastError?.message}</p>
          <div className="decision">
            <button type="button" className="primary" onClick={start}>Try again</button>
            {offerByHand}
          </div>
        </section>
      ) : (
        <div className="decision">
          {/* Still offered when the device is not working (it may be back), but not as the main step. */}
          <button type="button" className={deviceHasProblem(room.device) ? undefined : 'primary'} disabled={breath.inProgress} onClick={start}>
            Start breath test
          </button>
          {/* A stalled device, or a person who cannot blow: free the breathalyser for the next person. */}
          {breath.inProgress && <button type="button" onClick={cancel}>Cancel the test</button>}
          {offerByHand}
        </div>
      )}
      {manual && byHand && <ManualBreathReading visit={visit} onCancel={() => setByHand(false)} />}
      <WithholdDose visit={visit} />
    </div>
  );
}
