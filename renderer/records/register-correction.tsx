/**
 * Misuse of Drugs Regulations 2001 reg 20: an entry of the controlled-drug register is never
 * altered. A nurse or clinic lead makes a correction instead: a dated, witnessed note naming the
 * entry and giving the right figures (the same figures as the entry when something other than the
 * amount was wrong), signed with both PINs. The host records it as a line of its own that moves the
 * balance by the difference, and refuses one that would take the balance below zero.
 */
import { useState, type ReactNode } from 'react';
import type { IntentionOf, ReportOf } from '../../shared/contract/index.js';
import { dateAndTime } from '../../shared/clinic-time/clinic-time-text.js';
import { TextField } from '../components/text-field.js';
import { numberOrNull, TextInput } from '../components/text-input.js';
import { useActions } from '../kiosk/act.js';
import { SignWithPins, useStockWitness } from './stock-signing.js';

type Section = ReportOf<'register'>['sections'][number];
type Line = Section['lines'][number];

/** "the receipt of 2 Dec 2026, 09:00": how a correction names the entry it corrects. */
export function entryWords(line: Line, timeZone: string): string {
  return `the ${line.kind} of ${dateAndTime(line.at, timeZone)}`;
}

/** What the Entry column says: the kind, and how it stands with its corrections. */
export function EntryCell({ section, line, timeZone }: { section: Section; line: Line; timeZone: string }) {
  const corrected = section.lines.find((l) => l.eventId === line.corrects) ?? null;
  return (
    <td>
      {line.kind}
      {line.corrects !== null && <span className="note"> of {corrected ? entryWords(corrected, timeZone) : 'an entry not on this page'}</span>}
      {line.correctedBy.length > 0 && <strong> (corrected, see below)</strong>}
    </td>
  );
}

/** A signed-by-two correction is a new entry; corrections themselves are not corrected here. */
export function mayBeCorrected(line: Line): boolean {
  return line.kind !== 'correction';
}

function difference(rightIn: number, rightOut: number, line: Line): string {
  const moved = Math.round((rightIn - rightOut - (line.inMg - line.outMg)) * 1000) / 1000;
  return moved === 0 ? 'the balance does not change' : `the balance moves by ${moved > 0 ? '+' : ''}${moved} mg`;
}

export function CorrectionForm({ section, line, timeZone, onClose, onDone }: {
  section: Section;
  line: Line;
  timeZone: string;
  onClose: () => void;
  onDone: () => void;
}) {
  const { act, explain } = useActions();
  const [rightIn, setRightIn] = useState(String(line.inMg));
  const [rightOut, setRightOut] = useState(String(line.outMg));
  const [reason, setReason] = useState('');
  const [signing, setSigning] = useState<IntentionOf<'correctRegisterEntry'> | null>(null);
  const witness = useStockWitness('Correction witnessed by');
  const entry = entryWords(line, timeZone);
  const ask = () => {
    const inMg = numberOrNull(rightIn);
    const outMg = numberOrNull(rightOut);
    if (inMg === null || inMg < 0) return explain('Enter the right mg in (0 if none came in).');
    if (outMg === null || outMg < 0) return explain('Enter the right mg out (0 if none went out).');
    if (reason.trim() === '') return explain('Say what was wrong and why: a correction needs its reason.');
    if (witness.witnessId === null) return explain('Choose who witnesses the correction.');
    setSigning({
      type: 'correctRegisterEntry', section: section.sectionId, entryEventId: line.eventId, rightInMg: inMg, rightOutMg: outMg,
      reason: reason.trim(), witnessId: witness.witnessId, actorPin: '', witnessPin: '',
    });
  };
  const sign = async (pins: { actorPin: string; witnessPin: string }) => {
    if (signing === null) return;
    if (await act({ ...signing, ...pins })) {
      setSigning(null);
      onClose();
      onDone();
    }
  };
  if (signing && witness.witnessName) {
    return (
      <SignWithPins heading="Sign the correction with both PINs" confirmLabel="Record the correction" witnessName={witness.witnessName}
        summary={`Correction of ${entry}: ${signing.rightInMg} mg in, ${signing.rightOutMg} mg out, so ${difference(signing.rightInMg, signing.rightOutMg, line)}. ` +
          `Reason: ${signing.reason}`}
        onSign={sign} onBack={() => setSigning(null)} />
    );
  }
  return (
    <CorrectionFields entry={entry} line={line} rightIn={rightIn} rightOut={rightOut} reason={reason} witnessView={witness.view}
      setRightIn={setRightIn} setRightOut={setRightOut} setReason={setReason} onAsk={ask} onClose={onClose} />
  );
}

function CorrectionFields({ entry, line, rightIn, rightOut, reason, witnessView, setRightIn, setRightOut, setReason, onAsk, onClose }: {
  entry: string;
  line: Line;
  rightIn: string;
  rightOut: string;
  reason: string;
  witnessView: ReactNode;
  setRightIn: (value: string) => void;
  setRightOut: (value: string) => void;
  setReason: (value: string) => void;
  onAsk: () => void;
  onClose: () => void;
}) {
  const inMg = numberOrNull(rightIn);
  const outMg = numberOrNull(rightOut);
  return (
    <section className="end-visit-panel form-grid no-print" aria-label="Correct this entry">
      <h3>Correct {entry}</h3>
      <p className="note">
        The entry stays as it is; the correction is a new, dated entry below it. The entry says {line.inMg} mg in and {line.outMg} mg out.
        If something other than the amount was wrong, keep these figures and say what in the reason.
      </p>
      <TextInput label="Right mg in" value={rightIn} onChange={setRightIn} inputMode="decimal" />
      <TextInput label="Right mg out" value={rightOut} onChange={setRightOut} inputMode="decimal"
        hint={inMg === null || outMg === null ? undefined : `With these figures ${difference(inMg, outMg, line)}.`} />
      <TextField label="Reason (required): what was wrong, and why" value={reason} onChange={setReason} />
      {witnessView}
      <div className="decision">
        <button type="button" className="primary" onClick={onAsk}>Record correction</button>
        <button type="button" onClick={onClose}>Cancel</button>
      </div>
    </section>
  );
}
