import type { StaffCard } from '../../shared/contract/index.js';
import { roleWords } from './staff-words.js';

/** Who is signed in, so nobody records a step under someone who has gone on a break. */
export function StaffOnDuty({ staff }: { staff: readonly StaffCard[] }) {
  if (staff.length === 0) return <p className="on-duty">No staff signed in</p>;
  return (
    <p className="on-duty">
      On duty: {staff.map((s) => `${s.displayName} (${roleWords[s.role]})`).join(', ')}
    </p>
  );
}
