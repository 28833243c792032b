import type { RoomView } from '../../shared/contract/index.js';
import { roleWords } from './staff-words.js';

/** A demo clinic lists its made-up badges and PINs so a visitor can try every role. Never in a real clinic: the host sends none. */
export function DemoSignIns({ demo }: { demo: RoomView['demoSignIns'] }) {
  if (demo.length === 0) return null;
  return (
    <section aria-labelledby="demo-sign-ins">
      <h3 id="demo-sign-ins">Demo clinic</h3>
      <table className="records">
        <thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Badge</th><th scope="col">PIN</th></tr></thead>
        <tbody>
          {demo.map((d) => (
            <tr key={d.badgeNumber}><td>{d.displayName}</td><td>{roleWords[d.role]}</td><td>{d.badgeNumber}</td><td>{d.pin}</td></tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
