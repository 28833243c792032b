/**
 * The site rules: every clinical number the kiosk enforces. A clinic lead edits them (each save a
 * new version, a ledger event); a change takes effect only when a second person (another clinic
 * lead or a prescriber) approves it, so the page shows the version waiting beside the one in
 * force, and what differs. Others read them here. Who may approve is the host's to enforce: the
 * screen only hides Approve from the person who made the change, and says why.
 */
import type { ReportOf, RoomView } from '../../shared/contract/index.js';
import { dateAndTime } from '../../shared/clinic-time/clinic-time-text.js';
import { useActions } from '../kiosk/act.js';
import { useActingAs } from '../staff/acting-as.js';
import { SiteRulesEditor } from './site-rules-editor.js';
import { useReport } from './use-report.js';

type SiteRulesReport = ReportOf<'siteRules'>;
type Rules = SiteRulesReport['current'];

export function SiteRulesPage({ room }: { room: RoomView }) {
  const { report, reload } = useReport('siteRules');
  const { act } = useActions();
  const { may, actor } = useActingAs();
  if (!report) return <p className="note" role="status">Loading…</p>;
  const { current, awaitingApproval } = report;
  // The newest version: the one an approver approves, and the one a further change starts from.
  const newest = awaitingApproval?.rules ?? current;
  const approve = async () => {
    if (await act({ type: 'approveSiteRules', version: newest.version })) reload();
  };
  const approveButton = may('approveSiteRules') && (
    <button type="button" className="primary" onClick={() => void approve()}>Approve version {newest.version}</button>
  );
  const ownChange = awaitingApproval !== null && actor !== null && awaitingApproval.adoptedByStaffId === actor.id;
  // With no version ever approved, the one in force may itself be the acting person's own change.
  const currentIsOwn = actor !== null && report.history.some((row) => row.version === current.version && row.adoptedByStaffId === actor.id);

  return (
    <section aria-labelledby="site-rules-heading">
      <h2 id="site-rules-heading">Site rules in force: version {current.version}</h2>
      <p className="note">
        {current.approvedBy
          ? `Approved by ${current.approvedBy}.`
          : 'Not yet approved: no version has been approved yet, so the newest adopted version is in force, with the banner.'}
      </p>
      {awaitingApproval ? (
        <section className="rules-awaiting" aria-labelledby="rules-awaiting-heading">
          <h3 id="rules-awaiting-heading">Version {awaitingApproval.rules.version} waits for approval</h3>
          <p>
            Made by {awaitingApproval.adoptedBy ?? 'the demo set-up'}. It takes effect when another clinic lead or a prescriber
            approves it; until then version {current.version} stays in force.
          </p>
          <RulesDifferences inForce={current} waiting={awaitingApproval.rules} />
          {ownChange
            ? <p className="warning-line">You made version {awaitingApproval.rules.version}: another clinic lead or a prescriber must approve it.</p>
            : approveButton}
        </section>
      ) : (
        current.approvedBy === null && (currentIsOwn
          ? <p className="warning-line">You made version {current.version}: another clinic lead or a prescriber must approve it.</p>
          : approveButton)
      )}
      {awaitingApproval && may('changeSiteRules') && (
        <p className="note">A change made below starts from version {newest.version}, the one waiting for approval.</p>
      )}
      <SiteRulesEditor key={newest.version} current={newest} editable={may('changeSiteRules')} onSaved={reload} />
      <History history={report.history} timeZone={room.kiosk.timeZone} />
    </section>
  );
}

/** Each setting as a line of words and its value, so two versions can be set side by side. */
function settingsOf(value: unknown, path: readonly string[] = []): Array<[string, string]> {
  const here = path.join(' › ');
  if (Array.isArray(value)) {
    if (value.every((item) => typeof item !== 'object' || item === null)) return [[here, value.join(', ') || 'none']];
    // A session window by its id, not its place: adding a window must not show every later one as changed.
    return value.flatMap((item: unknown, index) => settingsOf(item, [...path, idOf(item) ?? String(index + 1)]));
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).filter(([key]) => key !== 'id')
      .flatMap(([key, item]) => settingsOf(item, [...path, key.replace(/([A-Z])/g, ' $1').toLowerCase()]));
  }
  return [[here, String(value)]];
}

function idOf(item: unknown): string | null {
  return typeof item === 'object' && item !== null && 'id' in item && typeof item.id === 'string' ? item.id : null;
}

function comparable(rules: Rules): Map<string, string> {
  const { version: _version, approvedBy: _approvedBy, ...settings } = rules;
  return new Map(settingsOf(settings));
}

function RulesDifferences({ inForce, waiting }: { inForce: Rules; waiting: Rules }) {
  const before = comparable(inForce);
  const after = comparable(waiting);
  const names = [...new Set([...after.keys(), ...before.keys()])].filter((name) => before.get(name) !== after.get(name));
  if (names.length === 0) return <p className="note">No setting differs from version {inForce.version}.</p>;
  return (
    <table className="records">
      <caption>What changes</caption>
      <thead>
        <tr><th scope="col">Setting</th><th scope="col">In force (version {inForce.version})</th><th scope="col">Waiting (version {waiting.version})</th></tr>
      </thead>
      <tbody>
        {names.map((name) => (
          <tr key={name}><th scope="row">{name}</th><td>{before.get(name) ?? 'not set'}</td><td>{after.get(name) ?? 'removed'}</td></tr>
        ))}
      </tbody>
    </table>
  );
}

function History({ history, timeZone }: { history: SiteRulesReport['history']; timeZone: string }) {
  return (
    <table className="records">
      <caption>Versions</caption>
      <thead>
        <tr>
          <th scope="col">Version</th><th scope="col">Adopted</th><th scope="col">By</th><th scope="col">Approved by</th>
          <th scope="col">Approved</th><th scope="col">In force</th>
        </tr>
      </thead>
      <tbody>
        {history.map((h) => (
          <tr key={h.version}>
            <td>{h.version}</td><td>{dateAndTime(h.adoptedAt, timeZone)}</td><td>{h.adoptedBy ?? 'Demo set-up'}</td>
            <td>{h.approvedBy ?? 'Not approved'}</td><td>{h.approvedAt ? dateAndTime(h.approvedAt, timeZone) : '—'}</td>
            <td>{h.inForce ? 'In force' : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
