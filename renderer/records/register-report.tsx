/**
 * The controlled-drug register, one section per product (drug, form and strength named at its
 * head, reg 20) with the Misuse of Drugs Regulations 2001 reg 19 headings, each movement in the
 * product's unit and in mg, and the running balance. A page kept under a drug name before the
 * catalogue is shown as it was. No entry is ever edited: a nurse or clinic lead corrects one with a
 * new, dated, witnessed entry (register-correction.tsx), and each names the other. Printable, because an inspector may ask for paper (DH 2008 guidance).
 */
import type { ReportOf, RoomView } from '../../shared/contract/index.js';
import { useState } from 'react';
import { calendarDate, dateAndTime } from '../../shared/clinic-time/clinic-time-text.js';
import { ledgerWords } from '../../shared/register/ledger-reference.js';
import { mgAndUnits, unitsAndMg } from './stock-words.js';
import { CorrectionForm, EntryCell, mayBeCorrected } from './register-correction.js';
import { useActions } from '../kiosk/act.js';
import { useActingAs } from '../staff/acting-as.js';
import { ChoiceGroup } from '../components/choice-group.js';
import { TextInput } from '../components/text-input.js';
import { useReport } from './use-report.js';

type Section = ReportOf<'register'>['sections'][number];
type Line = Section['lines'][number];

function mg(value: number | null): string {
  return value === null || value === 0 ? '' : `${value} mg`;
}

function movement(section: Section, units: number | null, mgMoved: number): string {
  return mgMoved === 0 ? '' : unitsAndMg(section.counting, units, mgMoved);
}

function batchAndExpiry(line: Line): string {
  return [line.batch === null ? null : `Batch ${line.batch}`, line.expiresOn === null ? null : `expires ${calendarDate(line.expiresOn)}`]
    .filter(Boolean).join(', ');
}

export function RegisterReport({ room }: { room: RoomView }) {
  const { report, reload } = useReport('register');
  const zone = room.kiosk.timeZone;
  return (
    <section aria-labelledby="register-heading" className="register">
      <div className="report-head">
        <h2 id="register-heading">Controlled-drug register</h2>
        <button type="button" className="no-print" onClick={() => window.print()}>Print</button>
      </div>
      {report && <SaveAsPdf sections={report.sections} />}
      <p className="print-only">{room.kiosk.clinicName}, printed {dateAndTime(room.now, zone)}</p>
      {report === null && <p className="note" role="status">Loading…</p>}
      {report?.sections.length === 0 && <p className="empty">No entries yet.</p>}
      {report?.sections.map((section) => <RegisterTable key={section.sectionId} section={section} timeZone={zone} onChanged={reload} />)}
    </section>
  );
}

/**
 * The register as the inspector's PDF (main/register-print): every section or one, all of it or a
 * span of clinic days, written by the host into the printouts folder kiosk.json names and printed
 * by the person acting; the screen only asks and says where it is.
 */
function SaveAsPdf({ sections }: { sections: readonly Section[] }) {
  const { act, explain } = useActions();
  const { may } = useActingAs();
  const [sectionId, setSectionId] = useState<string>(everySection);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [saving, setSaving] = useState(false);
  const [savedTo, setSavedTo] = useState<string | null>(null);
  const save = async () => {
    if ((from === '') !== (to === '')) return explain('Give both the first and the last day, or neither for the whole register.');
    setSaving(true);
    const reply = await act({ type: 'saveRegisterPrintout', sectionId: sectionId === everySection ? null : sectionId, from: from || null, to: to || null });
    setSaving(false);
    setSavedTo(reply?.savedTo ?? null);
  };
  if (!may('saveRegisterPrintout')) return null;
  return (
    <section className="end-visit-panel form-grid no-print" aria-label="Save the register as a PDF">
      <ChoiceGroup label="Sections to print" selected={sectionId} onSelect={setSectionId}
        choices={[{ value: everySection, name: 'Print every section', content: 'Every section' },
          ...sections.map((section) => ({ value: section.sectionId, name: `Print ${section.title}`, content: section.title }))]} />
      <TextInput label="First day (optional)" type="date" value={from} onChange={setFrom} />
      <TextInput label="Last day (optional)" type="date" value={to} onChange={setTo}
        hint="A span opens with the balance brought forward from the day before." />
      <button type="button" disabled={saving} onClick={() => void save()}>Save the register as a PDF</button>
      {savedTo !== null && <p className="note" role="status">Saved to {savedTo}: open it to print.</p>}
    </section>
  );
}

const everySection = 'every section';

/** Several reg 19 headings in one cell, each figure under its heading's words; blank ones left out. */
function Labelled({ parts }: { parts: ReadonlyArray<readonly [string, string | null]> }) {
  return parts.filter(([, value]) => value !== null && value !== '').map(([label, value]) => (
    <span key={label} className="cell-line"><span className="cell-label">{label}: </span>{value}</span>
  ));
}

function RegisterTable({ section, timeZone, onChanged }: { section: Section; timeZone: string; onChanged: () => void }) {
  const { may } = useActingAs();
  const mayCorrect = may('correctRegisterEntry');
  const [correcting, setCorrecting] = useState<string | null>(null);
  const chosen = section.lines.find((l) => l.eventId === correcting) ?? null;
  return (
    <section className="register-section" aria-label={section.title}>
      <h3>{section.title}</h3>
      {/* Reg 19's sixteen headings do not fit a 1280 px wall screen side by side, and a sideways
          scroll hides the balance from a gloved nurse: related headings share a column, each
          figure labelled, and the table wraps to the page's width. */}
      <table className="records register-table">
        <caption>{section.title}: balance {mgAndUnits(section.counting, section.balanceMg)}</caption>
        <thead>
          <tr>
            <th scope="col">Date and time</th><th scope="col">Entry</th><th scope="col">Service user and prescriber</th>
            <th scope="col">Form and strength</th><th scope="col">Amount</th><th scope="col">Batch and expiry</th>
            <th scope="col">Route and site</th><th scope="col">Signed</th><th scope="col">Detail</th>
            <th scope="col">Balance</th>{mayCorrect && <th scope="col" className="no-print">Correction</th>}
          </tr>
        </thead>
        <tbody>
          {section.lines.length === 0 && <tr><td colSpan={mayCorrect ? 11 : 10}>No entries yet.</td></tr>}
          {section.lines.map((line) => (
            <tr key={`${line.eventId}-${line.kind}`}>
              <td>{dateAndTime(line.at, timeZone)}</td>
              {/* Reg 20: an entry is never altered; its corrections are entries of their own, named here. */}
              <EntryCell section={section} line={line} timeZone={timeZone} />
              <td><Labelled parts={[['Service user', line.serviceUser], ['Prescriber', line.prescriber]]} /></td>
              <td><Labelled parts={[['Form', line.form], ['Strength', line.strengthMgPerMl === null ? null : `${line.strengthMgPerMl} mg/mL`]]} /></td>
              <td>
                <Labelled parts={[['Drawn', mg(line.drawnMg)], ['Received', movement(section, line.inUnits, line.inMg)],
                  ['Administered or used', movement(section, line.outUnits, line.outMg)]]} />
              </td>
              <td>{batchAndExpiry(line)}</td>
              <td>{[line.route, line.site].filter(Boolean).join(', ')}</td>
              <td>
                <Labelled parts={[['Recorded by', line.recordedBy], ['Witnessed by', line.witnessedBy],
                  ['Identity checked', line.identityChecked === null ? null : line.identityChecked ? 'Yes' : 'No']]} />
              </td>
              <td>{line.detail ?? ''}<span className="note"> ({ledgerWords(line)})</span></td>
              <td>{mgAndUnits(section.counting, line.balanceMg)}</td>
              {mayCorrect && (
                <td className="no-print">
                  {mayBeCorrected(line) && <button type="button" onClick={() => setCorrecting(line.eventId)}>Correct</button>}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {chosen && (
        <CorrectionForm key={chosen.eventId} section={section} line={chosen} timeZone={timeZone}
          onClose={() => setCorrecting(null)} onDone={onChanged} />
      )}
    </section>
  );
}
