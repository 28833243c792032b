import type { VisitView } from '../../../shared/contract/index.js';
import { clockTime } from '../../../shared/clinic-time/clinic-time-text.js';

export function ObservationRecords({ records, timeZone }: { records: VisitView['observation']['records']; timeZone: string }) {
  if (records.length === 0) return <p className="note">No observations recorded yet.</p>;
  return (
    <table className="records">
      <caption>Observations so far</caption>
      <thead>
        <tr><th scope="col">Time</th><th scope="col">Sedation</th><th scope="col">Breaths per minute</th><th scope="col">Oxygen (SpO2 %)</th></tr>
      </thead>
      <tbody>
        {records.map((r) => (
          <tr key={r.at}>
            <td>{clockTime(r.at, timeZone)}</td>
            <td>{r.sedation}</td>
            <td>{r.respiratoryRate}</td>
            <td>{r.oxygenSaturation ?? 'Not taken'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
