import { calendarDate } from '../../../shared/clinic-time/clinic-time-text.js';
import { Photo } from '../../components/photo.js';
import { useActions } from '../../kiosk/act.js';
import { HandoverAtCheckIn } from '../handover-at-check-in.js';
import type { StepProps } from '../step-props.js';

/** The only screen that shows legal name and date of birth (docs/design.md section 7). */
export function CheckInStep({ visit, room }: StepProps) {
  const { act } = useActions();
  const identity = visit.step === 'checkIn' ? visit.identity : null;
  return (
    <div className="step step-check-in">
      <Photo person={visit.person} size="large" />
      <div className="identity-check">
        <p className="big-name">{visit.person.preferredName}</p>
        {identity ? (
          <dl className="facts">
            <dt>Legal name</dt>
            <dd>{identity.legalName}</dd>
            <dt>Date of birth</dt>
            <dd>{calendarDate(identity.dateOfBirth)}</dd>
            {identity.handoverNote && (
              <>
                <dt>Handover note</dt>
                <dd className="handover-note">{identity.handoverNote}</dd>
              </>
            )}
          </dl>
        ) : (
          <p>The identity details have not arrived from the kiosk host yet.</p>
        )}
        <HandoverAtCheckIn visit={visit} timeZone={room.kiosk.timeZone} />
        <button type="button" className="primary" onClick={() => void act({ type: 'confirmIdentity', visitId: visit.visitId })}>
          Identity confirmed
        </button>
      </div>
    </div>
  );
}
