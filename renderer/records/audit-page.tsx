/**
 * The audit view for the clinic lead: who did what, to whom, when and at which kiosk, read from
 * the ledger by the host and described in words, filtered by service user, staff member and clinic
 * day, newest first, fifty at a time. Owns: the filters and paging. Must not touch: which events
 * match or how they read (the host decides both).
 */
import { useCallback, useEffect, useState } from 'react';
import type { AuditCursor, ReportOf, RoomView } from '../../shared/contract/index.js';
import { clinicDate, dateAndTime } from '../../shared/clinic-time/clinic-time-text.js';
import { ChoiceGroup } from '../components/choice-group.js';
import { DayStepper } from '../components/day-stepper.js';
import { useActions } from '../kiosk/act.js';

type Audit = ReportOf<'audit'>;

export function AuditPage({ room }: { room: RoomView }) {
  const { act } = useActions();
  const [day, setDay] = useState<string | null>(null);
  const [serviceUserId, setServiceUserId] = useState<string | null>(null);
  const [staffId, setStaffId] = useState<string | null>(null);
  const [pages, setPages] = useState<Audit[]>([]);

  const fetchPage = useCallback(async (olderThan: AuditCursor | null): Promise<Audit | null> => {
    const reply = await act({ type: 'showReport', report: 'audit', clinicDay: day, audit: { serviceUserId, staffId, olderThan } });
    return reply?.report?.kind === 'audit' ? reply.report : null;
  }, [act, day, serviceUserId, staffId]);

  useEffect(() => {
    let current = true;
    void fetchPage(null).then((first) => { if (current) setPages(first ? [first] : []); });
    return () => { current = false; };
  }, [fetchPage]);

  const last = pages.at(-1);
  const more = async () => {
    if (!last?.olderThan) return;
    const next = await fetchPage(last.olderThan);
    if (next) setPages([...pages, next]);
  };
  const entries = pages.flatMap((page) => page.entries);
  const { timeZone } = room.kiosk;

  return (
    <section aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit</h2>
      <div className="audit-filters no-print">
        <Choice label="Service user" value={serviceUserId} options={last?.people ?? []} onChange={setServiceUserId} anyWords="Everyone" />
        <Choice label="Staff member" value={staffId} options={last?.staff ?? []} onChange={setStaffId} anyWords="All staff" />
        <DayStepper label="Clinic day" day={day} today={clinicDate(room.now, timeZone)} onChange={setDay} everyDayWords="Every day" />
      </div>
      <table className="records" aria-label="Audit events">
        <thead><tr><th scope="col">When</th><th scope="col">Where</th><th scope="col">What happened</th></tr></thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.eventId}>
              <td>{dateAndTime(entry.at, timeZone)}</td>
              <td>{entry.kioskName}</td>
              <td>{entry.words}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {pages.length > 0 && entries.length === 0 && <p className="empty">Nothing recorded matches these filters.</p>}
      {last?.olderThan && <button type="button" className="no-print" onClick={() => void more()}>Show older events</button>}
    </section>
  );
}

// Nobody chosen is carried as this value: a choice's value is never an empty id.
const anyone = 'anyone';

/** Big buttons, one chosen, instead of a native select (19 px tall, and a list a glove cannot scroll). */
function Choice({ label, value, options, onChange, anyWords }: {
  label: string;
  value: string | null;
  options: readonly { id: string; name: string }[];
  onChange: (value: string | null) => void;
  anyWords: string;
}) {
  const choices = [{ id: anyone, name: anyWords }, ...options].map((option) => ({
    value: option.id, name: `${label}: ${option.name}`, content: option.name,
  }));
  return <ChoiceGroup label={label} choices={choices} selected={value ?? anyone} onSelect={(chosen) => onChange(chosen === anyone ? null : chosen)} />;
}
