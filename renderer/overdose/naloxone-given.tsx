import type { OverdoseView, RoomView } from '../../shared/contract/index.js';
import { clockTime } from '../../shared/clinic-time/clinic-time-text.js';
import { stopwatch } from './host-clock.js';

/** Every dose given in this response, so nobody repeats or misses one when a colleague takes over. */
export function NaloxoneGiven({ doses, room, nowMs }: { doses: OverdoseView['naloxone']; room: RoomView; nowMs: number }) {
  if (doses.length === 0) return <p className="note">No naloxone recorded yet.</p>;
  // The host may send a staff id or a name; show the name of whoever is on duty with that id.
  const who = (givenBy: string) => room.staffOnDuty.find((s) => s.id === givenBy)?.displayName ?? givenBy;
  return (
    <table className="records" aria-label="Naloxone given">
      <caption>Naloxone given</caption>
      <thead><tr><th scope="col">Time</th><th scope="col">Ago</th><th scope="col">Dose</th><th scope="col">Route</th><th scope="col">Given by</th></tr></thead>
      <tbody>
        {doses.map((dose, index) => (
          <tr key={`${dose.givenAt}-${index}`}>
            <td>{clockTime(dose.givenAt, room.kiosk.timeZone)}</td>
            <td className="stopwatch">{stopwatch(nowMs - Date.parse(dose.givenAt))}</td>
            <td>{dose.doseMg} mg</td>
            <td>{dose.route}</td>
            <td>{who(dose.givenBy)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
