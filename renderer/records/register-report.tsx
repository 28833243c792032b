/**
 * The controlled-drug register, one table per drug, with the Misuse of Drugs Regulations 2001
 * reg 19 headings and the running balance. Read-only: corrections are new dated entries made by
 * the host, never edits here. Printable, because an inspector may ask for paper (DH 2008 guidance).
 */
import type { ReportOf, RoomView } from '../../shared/contract/index.js';
import { dateAndTime } from '../../shared/clinic-time/clinic-time-text.js';
import { useReport } from './use-report.js';

type DrugRegister = ReportOf<'register'>['drugs'][number];

function mg(value: number | null): string {
  return value === null || value === 0 ? '' : `${value} mg`;
}

export function RegisterReport({ room }: { room: RoomView }) {
  const { report } = useReport('register');
  const zone = room.kiosk.timeZone;
  return (
    <section aria-labelledby="register-heading" className="register">
      <div className="report-head">
        <h2 id="register-heading">Controlled-drug register</h2>
        <button type="button" className="no-print" onClick={() => window.print()}>Print</button>
      </div>
      <p className="print-only">{room.kiosk.clinicName}, printed {dateAndTime(room.now, zone)}</p>
      {report === null && <p className="note" role="status">Loading…</p>}
      {report?.drugs.length === 0 && <p className="empty">No entries yet.</p>}
      {report?.drugs.map((drug) => <RegisterTable key={drug.drug} drug={drug} timeZone={zone} />)}
    </section>
  );
}

function RegisterTable({ drug, timeZone }: { drug: DrugRegister; timeZone: string }) {
  return (
    // Fifteen reg 19 columns do not fit a wall screen: the table scrolls sideways, the page does not.
    <div className="table-scroll">
      <table className="records register-table">
        <caption>{drug.drug}: balance {drug.balanceMg} mg</caption>
        <thead>
          <tr>
            <th scope="col">Date and time</th><th scope="col">Entry</th><th scope="col">Service user</th><th scope="col">Prescriber</th>
            <th scope="col">Form</th><th scope="col">Strength</th><th scope="col">Drawn</th><th scope="col">Received</th>
            <th scope="col">Administered or used</th><th scope="col">Route and site</th><th scope="col">Recorded by</th>
            <th scope="col">Witnessed by</th><th scope="col">Identity checked</th><th scope="col">Detail</th><th scope="col">Balance</th>
          </tr>
        </thead>
        <tbody>
          {drug.lines.map((line) => (
            <tr key={line.eventId}>
              <td>{dateAndTime(line.at, timeZone)}</td>
              <td>{line.kind}</td>
              <td>{line.serviceUser ?? ''}</td>
              <td>{line.prescriber ?? ''}</td>
              <td>{line.form ?? ''}</td>
              <td>{line.strengthMgPerMl === null ? '' : `${line.strengthMgPerMl} mg/mL`}</td>
              <td>{mg(line.drawnMg)}</td>
              <td>{mg(line.inMg)}</td>
              <td>{mg(line.outMg)}</td>
              <td>{[line.route, line.site].filter(Boolean).join(', ')}</td>
              <td>{line.recordedBy ?? ''}</td>
              <td>{line.witnessedBy ?? ''}</td>
              <td>{line.identityChecked === null ? '' : line.identityChecked ? 'Yes' : 'No'}</td>
              <td>{line.detail ?? ''}</td>
              <td>{line.balanceMg} mg</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
