import type { VisitView } from '../../../shared/contract/index.js';
import { clockTime } from '../../../shared/clinic-time/clinic-time-text.js';

type Observation = VisitView['observation'];

/** Every observation so far; one past a site-rule threshold is marked in red and in words, never by colour alone. */
export function ObservationRecords({ records, timeZone }: { records: Observation['records']; timeZone: string }) {
  if (records.length === 0) return <p className="note">No observations recorded yet.</p>;
  return (
    <table className="records">
      <caption>Observations so far</caption>
      <thead>
        <tr>
          <th scope="col">Time</th><th scope="col">Sedation</th><th scope="col">Breaths per minute</th><th scope="col">Oxygen (SpO2 %)</th>
          <th scope="col">Red flags</th>
        </tr>
      </thead>
      <tbody>
        {records.map((r) => (
          <tr key={r.at} className={r.redFlags.length > 0 ? 'row-red-flag' : undefined}>
            <td>{clockTime(r.at, timeZone)}</td>
            <td>{r.sedation}</td>
            <td>{r.respiratoryRate}</td>
            <td>{r.oxygenSaturation ?? 'Not taken'}</td>
            <td>{r.redFlags.length > 0 ? <strong>Red flag: {r.redFlags.join('; ')}</strong> : 'None'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** After a red flag the host brings the next observation forward: when it is due, in the clinic's time. */
export function NextObservationDue({ observation, timeZone }: { observation: Observation; timeZone: string }) {
  if (observation.nextDueAt === null) return null;
  return <p className="warning-line">Next observation due by {clockTime(observation.nextDueAt, timeZone)}</p>;
}

/** The host's reasons the visit cannot close yet (empty: none it knows of now; it still checks on the tap). */
export function DischargeProblems({ problems }: { problems: readonly string[] }) {
  if (problems.length === 0) return null;
  return (
    <ul className="discharge-problems" aria-label="Before discharge">
      {problems.map((problem) => <li key={problem}>{problem}</li>)}
    </ul>
  );
}
