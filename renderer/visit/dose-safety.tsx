/**
 * What the host judged about giving a dose now, shown above the step so the nurse reads it before
 * any tap: why a dose cannot be prepared or given now (and, when the way on is a new check-in,
 * End visit as the main action), what changed in the prescription since check-in, and what was
 * found earlier (cautions). Owns: drawing those words. Must not touch: any of the judging; every
 * sentence here is the host's.
 */
import type { VisitView } from '../../shared/contract/index.js';
import { useActingAs } from '../staff/acting-as.js';
import { EndVisit } from './end-visit.js';

/** Whether End visit is drawn in the blocked notice, as the way on, instead of at the foot of the step. */
export function endVisitIsTheWayOn(visit: VisitView): boolean {
  return visit.dosing.blocked !== null && visit.dosing.endVisitSuggested;
}

export function DoseBlocked({ visit }: { visit: VisitView }) {
  const { may } = useActingAs();
  const { blocked } = visit.dosing;
  if (blocked === null) return null;
  const offerEnd = endVisitIsTheWayOn(visit) && visit.endReasons.length > 0 && may('endVisit');
  return (
    <section className="dose-blocked" aria-label="No dose now">
      <p className="dose-blocked-title">No dose can be prepared or given now</p>
      <p>{blocked}</p>
      {offerEnd && <EndVisit key={visit.visitId} visit={visit} primary />}
    </section>
  );
}

export function PrescriptionChanged({ visit }: { visit: VisitView }) {
  const change = visit.dosing.prescriptionChange;
  if (change === null) return null;
  return (
    <section className="dose-notice" aria-label="Prescription changed">
      <p className="dose-notice-title">The dose changed</p>
      <p>{change}</p>
    </section>
  );
}

/**
 * Findings earlier this session and leaving against advice last time: on the visit screen only,
 * never on the room board card, which anyone in the room can read.
 */
export function Cautions({ visit }: { visit: VisitView }) {
  if (visit.cautions.length === 0) return null;
  return (
    <section className="dose-notice" aria-label="Before the pre-dose check">
      <p className="dose-notice-title">Before the pre-dose check, know this</p>
      <ul className="caution-list">
        {visit.cautions.map((caution) => <li key={caution}>{caution}</li>)}
      </ul>
    </section>
  );
}
