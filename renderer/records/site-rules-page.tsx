/**
 * The site rules: every clinical number the kiosk enforces. A clinic lead edits them (each save a
 * new version, a ledger event) and approves a version; until then the room shows a banner. Others
 * read them here.
 */
import type { ReportOf, RoomView } from '../../shared/contract/index.js';
import { dateAndTime } from '../../shared/clinic-time/clinic-time-text.js';
import { useActions } from '../kiosk/act.js';
import { useActingAs } from '../staff/acting-as.js';
import { SiteRulesEditor } from './site-rules-editor.js';
import { useReport } from './use-report.js';

export function SiteRulesPage({ room }: { room: RoomView }) {
  const { report, reload } = useReport('siteRules');
  const { act } = useActions();
  const { may } = useActingAs();
  if (!report) return <p className="note" role="status">Loading…</p>;
  const { current } = report;
  const approve = async () => {
    if (await act({ type: 'approveSiteRules', version: current.version })) reload();
  };
  return (
    <section aria-labelledby="site-rules-heading">
      <h2 id="site-rules-heading">Site rules, version {current.version}</h2>
      <p className="note">{current.approvedBy ? `Approved by ${current.approvedBy}.` : 'Not yet approved by a clinic lead.'}</p>
      {may('approveSiteRules') && current.approvedBy === null && (
        <button type="button" className="primary" onClick={() => void approve()}>Approve version {current.version}</button>
      )}
      <SiteRulesEditor key={current.version} current={current} editable={may('changeSiteRules')} onSaved={reload} />
      <History history={report.history} timeZone={room.kiosk.timeZone} />
    </section>
  );
}

function History({ history, timeZone }: { history: ReportOf<'siteRules'>['history']; timeZone: string }) {
  return (
    <table className="records">
      <caption>Versions</caption>
      <thead><tr><th scope="col">Version</th><th scope="col">Adopted</th><th scope="col">By</th><th scope="col">Approved by</th></tr></thead>
      <tbody>
        {history.map((h) => (
          <tr key={h.version}>
            <td>{h.version}</td><td>{dateAndTime(h.adoptedAt, timeZone)}</td><td>{h.adoptedBy ?? 'Demo set-up'}</td><td>{h.approvedBy ?? 'Not approved'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
