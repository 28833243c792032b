import type { VisitView } from '../../shared/contract/index.js';

/** What the prescription says, shown while the dose is prepared; never on the room board. */
export function PrescriptionSummary({ prescription }: { prescription: VisitView['prescription'] }) {
  return (
    <dl className="facts">
      <dt>Drug</dt>
      <dd>{prescription.drug}</dd>
      <dt>Form</dt>
      <dd>{prescription.form}</dd>
      <dt>Strength</dt>
      <dd>{prescription.strengthMgPerMl === null ? 'Not recorded' : `${prescription.strengthMgPerMl} mg/mL`}</dd>
      <dt>Dose per session</dt>
      <dd>{prescription.dosePerSessionMg} mg</dd>
    </dl>
  );
}
