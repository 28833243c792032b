import { useState } from 'react';
import type { RoomView } from '../../shared/contract/index.js';
import { clinicDate, clockTime } from '../../shared/clinic-time/clinic-time-text.js';
import { TextInput } from '../components/text-input.js';
import { useReport } from './use-report.js';

/** Doses given and withheld on one clinic day (today unless another day is chosen). */
export function TodaysDoses({ room }: { room: RoomView }) {
  const today = clinicDate(room.now, room.kiosk.timeZone);
  const [day, setDay] = useState(today);
  const { report } = useReport('todaysDoses', day === today || day === '' ? null : day);
  const at = (instant: string) => clockTime(instant, room.kiosk.timeZone);
  return (
    <section aria-labelledby="doses-heading">
      <h2 id="doses-heading">Doses on {report?.clinicDay ?? day}</h2>
      <TextInput label="Clinic day" type="date" value={day} onChange={setDay} />
      <table className="records">
        <caption>Doses given</caption>
        <thead><tr><th scope="col">Time</th><th scope="col">Service user</th><th scope="col">Session</th><th scope="col">Administered</th><th scope="col">Wasted</th><th scope="col">Route</th></tr></thead>
        <tbody>
          {report?.doses.map((d) => (
            <tr key={`${d.serviceUserId}-${d.at}`}>
              <td>{at(d.at)}</td><td>{d.preferredName}</td><td>{d.session}</td><td>{d.administeredMg} mg</td><td>{d.wastedMg} mg</td><td>{d.route}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="records">
        <caption>Doses withheld</caption>
        <thead><tr><th scope="col">Time</th><th scope="col">Service user</th><th scope="col">Reason</th></tr></thead>
        <tbody>
          {report?.withheld.map((w) => (
            <tr key={`${w.preferredName}-${w.at}`}><td>{at(w.at)}</td><td>{w.preferredName}</td><td>{w.reason}</td></tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
