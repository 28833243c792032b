import { calendarDate } from '../../shared/clinic-time/clinic-time-text.js';
import { useReport } from './use-report.js';

/** Who has missed sessions, so a pause never comes as a surprise to the person or to staff. */
export function MissedSessions() {
  const { report } = useReport('missedSessions');
  return (
    <section aria-labelledby="missed-heading">
      <h2 id="missed-heading">Missed sessions</h2>
      {report?.people.length === 0 && <p className="empty">No missed sessions.</p>}
      <table className="records">
        <thead><tr><th scope="col">Service user</th><th scope="col">Missed in a row</th><th scope="col">Treatment</th><th scope="col">Sessions missed</th></tr></thead>
        <tbody>
          {report?.people.map((p) => (
            <tr key={p.serviceUserId}>
              <td>{p.preferredName}</td>
              <td>{p.consecutiveMissed}</td>
              <td>{p.paused ? 'Treatment paused' : 'Active'}</td>
              <td>{p.missed.map((m) => `${calendarDate(m.clinicDay)} ${m.session}`).join('; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
