/**
 * Every field of the site rules, as a form. The renderer holds no clinical number: it starts from
 * the version the host sent and sends the whole draft back; the contract's schema checks the shape
 * here so a mistake is named field by field, and the host checks it again.
 */
import { useState } from 'react';
import { SiteRulesDraft, type AlertSounds, type ReportOf } from '../../shared/contract/index.js';
import { playAlertSound } from '../alerts/alert-sounds.js';
import { alertWords } from '../alerts/new-alerts.js';
import { ChoiceGroup } from '../components/choice-group.js';
import { TextInput } from '../components/text-input.js';
import { ToggleButton } from '../components/toggle-button.js';
import { useActions } from '../kiosk/act.js';
import { alertSoundOptions, breathTestOptions, routeOptions, sedationLevelOptions, witnessRoleOptions } from './vocabulary.js';

type Draft = SiteRulesDraft;
type Level = (typeof sedationLevelOptions)[number];
type LevelList = 'mayProceed' | 'mayReduceWithPrescriberContact' | 'startsOverdoseResponse' | 'acceptableForDischarge';

const levelLists: Record<LevelList, string> = {
  mayProceed: 'Levels that may proceed',
  mayReduceWithPrescriberContact: 'Levels that may be reduced with the prescriber contacted',
  startsOverdoseResponse: 'Levels that start the overdose response',
  acceptableForDischarge: 'Levels acceptable for discharge',
};

function draftOf(current: ReportOf<'siteRules'>['current']): Draft {
  const { version: _version, approvedBy: _approvedBy, ...draft } = current;
  return draft;
}

function toggled<T>(list: readonly T[], item: T, order: readonly T[]): T[] {
  const next = list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
  return order.filter((x) => next.includes(x));
}

export function SiteRulesEditor({ current, editable, onSaved }: {
  current: ReportOf<'siteRules'>['current'];
  editable: boolean;
  onSaved: () => void;
}) {
  const { act, explain } = useActions();
  const [draft, setDraft] = useState<Draft>(() => draftOf(current));
  const set = <K extends keyof Draft>(section: K, change: Partial<Draft[K]>) =>
    setDraft((d) => ({ ...d, [section]: { ...d[section], ...change } }));

  const save = async () => {
    const parsed = SiteRulesDraft.safeParse(draft);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return explain(`${issue?.path.join(' › ') ?? 'Site rules'}: ${issue?.message ?? 'check the values.'}`);
    }
    if (await act({ type: 'changeSiteRules', rules: parsed.data })) onSaved();
  };

  return (
    <fieldset className="rules-editor" disabled={!editable}>
      <legend className="visually-hidden">Site rules</legend>
      <SessionWindows windows={draft.sessions.windows} onChange={(windows) => set('sessions', { windows })} />
      <div className="form-grid">
        <NumberField label="Grace time after a session closes (min)" value={draft.sessions.graceMinutesAfterClose}
          onChange={(v) => set('sessions', { graceMinutesAfterClose: v })} />
      </div>

      <h3>Dosing</h3>
      <div className="form-grid">
        <NumberField label="Minimum minutes between doses" value={draft.dosing.minimumMinutesBetweenDoses} onChange={(v) => set('dosing', { minimumMinutesBetweenDoses: v })} />
        <NumberField label="Maximum daily dose (mg)" value={draft.dosing.maximumDailyMg} onChange={(v) => set('dosing', { maximumDailyMg: v })} />
        <NumberField label="Missed sessions before treatment is paused" value={draft.dosing.missedSessionsBeforeBlock} onChange={(v) => set('dosing', { missedSessionsBeforeBlock: v })} />
      </div>
      <div className="choices" role="group" aria-label="Routes the site uses">
        {routeOptions.map((r) => (
          <ToggleButton key={r} label={r} name={`Site route ${r}`} pressed={draft.dosing.routes.includes(r)}
            onToggle={() => set('dosing', { routes: toggled(draft.dosing.routes, r, routeOptions) })} />
        ))}
      </div>

      <h3>Sedation scale</h3>
      <div className="form-grid">
        {sedationLevelOptions.map((level) => (
          <TextInput key={level} label={`Words for level ${level}`} value={draft.sedation.words[level]} maxLength={80}
            onChange={(v) => set('sedation', { words: { ...draft.sedation.words, [level]: v } })} />
        ))}
      </div>
      {(Object.keys(levelLists) as LevelList[]).map((list) => (
        <div key={list} className="field">
          <p className="field-label">{levelLists[list]}</p>
          <div className="choices">
            {sedationLevelOptions.map((level: Level) => (
              <ToggleButton key={level} label={level} name={`${levelLists[list]}: ${level}`} pressed={draft.sedation[list].includes(level)}
                onToggle={() => set('sedation', { [list]: toggled(draft.sedation[list], level, sedationLevelOptions) })} />
            ))}
          </div>
        </div>
      ))}

      <h3>Breath alcohol (µg/100 mL of breath)</h3>
      <ChoiceGroup label="Test people flagged for alcohol monitoring" selected={draft.breathAlcohol.testFlaggedServiceUsers}
        onSelect={(v) => set('breathAlcohol', { testFlaggedServiceUsers: v })}
        choices={breathTestOptions.map((o) => ({ value: o, name: `Breath test: ${o}`, content: o === 'everyVisit' ? 'At every visit' : 'At the first visit of the day' }))} />
      <div className="form-grid">
        <NumberField label="Nurse reviews at or above" value={draft.breathAlcohol.reviewAtOrAbove} onChange={(v) => set('breathAlcohol', { reviewAtOrAbove: v })} />
        <NumberField label="Dose withheld at or above" value={draft.breathAlcohol.withholdAtOrAbove} onChange={(v) => set('breathAlcohol', { withholdAtOrAbove: v })} />
      </div>

      <h3>Observation</h3>
      <div className="form-grid">
        <NumberField label="Minimum observation (min)" value={draft.observation.minimumMinutes} onChange={(v) => set('observation', { minimumMinutes: v })} />
        <NumberField label="Minimum respiratory rate (/min)" value={draft.observation.minimumRespiratoryRate} onChange={(v) => set('observation', { minimumRespiratoryRate: v })} />
        <NumberField label="Overdue after (min)" value={draft.observation.overdueAfterMinutes} onChange={(v) => set('observation', { overdueAfterMinutes: v })} />
        <NumberField label="Minimum observation after naloxone (min)" value={draft.observation.minimumMinutesAfterNaloxone} onChange={(v) => set('observation', { minimumMinutesAfterNaloxone: v })} />
      </div>
      <ToggleButton label="Record SpO2" pressed={draft.observation.recordOxygenSaturation}
        onToggle={() => set('observation', { recordOxygenSaturation: !draft.observation.recordOxygenSaturation })} />
      <RedFlags redFlags={draft.observation.redFlags} onChange={(change) => set('observation', { redFlags: { ...draft.observation.redFlags, ...change } })} />
      <div className="form-grid">
        <NumberField label="Next observation after a red flag (min)" value={draft.observation.minutesToNextObservationAfterRedFlag}
          onChange={(v) => set('observation', { minutesToNextObservationAfterRedFlag: v })} />
      </div>

      <h3>Overdose response</h3>
      <NaloxoneDoses doses={draft.overdose.naloxoneDoseOptionsMg} onChange={(naloxoneDoseOptionsMg) => set('overdose', { naloxoneDoseOptionsMg })} />
      <div className="form-grid">
        <NumberField label="Repeat naloxone every (min)" value={draft.overdose.naloxoneRepeatMinutes}
          onChange={(v) => set('overdose', { naloxoneRepeatMinutes: v })} />
      </div>

      <h3>Alert sounds</h3>
      <AlertSoundChoices sounds={draft.alertSounds} onChange={(change) => set('alertSounds', change)} />

      <h3>Witnesses</h3>
      <div className="choices" role="group" aria-label="Who may witness">
        {witnessRoleOptions.map((r) => (
          <ToggleButton key={r} label={r === 'hca' ? 'HCA' : 'Nurse'} name={`Witness role ${r}`} pressed={draft.witness.roles.includes(r)}
            onToggle={() => set('witness', { roles: toggled(draft.witness.roles, r, witnessRoleOptions) })} />
        ))}
      </div>
      {editable && <button type="button" className="primary" onClick={() => void save()}>Save as a new version</button>}
    </fieldset>
  );
}

/** Keeps what is typed (a half-typed "0." included) and hands on the number, NaN while it is not one. */
function NumberField({ label, value, onChange }: { label: string; value: number; onChange: (value: number) => void }) {
  const [text, setText] = useState(String(value));
  return (
    <TextInput label={label} value={text} inputMode="decimal"
      onChange={(next) => { setText(next); onChange(next.trim() === '' ? Number.NaN : Number(next)); }} />
  );
}

function NaloxoneDoses({ doses, onChange }: { doses: readonly number[]; onChange: (doses: number[]) => void }) {
  const [text, setText] = useState(doses.join(', '));
  return (
    <TextInput label="Naloxone doses offered (mg, separated by commas)" value={text}
      onChange={(next) => { setText(next); onChange(next.split(',').map((part) => part.trim()).filter(Boolean).map(Number)); }} />
  );
}

const soundWords: Record<AlertSounds[keyof AlertSounds], string> = { off: 'Off', chime: 'Chime', twoTone: 'Two tones', urgent: 'Urgent' };

/** A sound for each event, or off; Play lets the lead hear it here before the room does. */
function AlertSoundChoices({ sounds, onChange }: { sounds: AlertSounds; onChange: (change: Partial<AlertSounds>) => void }) {
  const events = Object.keys(alertWords) as (keyof AlertSounds)[];
  return (
    <>
      {events.map((event) => (
        <div key={event} className="alert-sound-choice">
          <ChoiceGroup label={`Sound: ${alertWords[event]}`} selected={sounds[event]} onSelect={(sound) => onChange({ [event]: sound })}
            choices={alertSoundOptions.map((sound) => ({ value: sound, name: `${alertWords[event]}: ${soundWords[sound]}`, content: soundWords[sound] }))} />
          <button type="button" aria-label={`Play: ${alertWords[event]}`} disabled={sounds[event] === 'off'}
            onClick={() => playAlertSound(sounds[event])}>Play</button>
        </div>
      ))}
    </>
  );
}

type RedFlagRules = Draft['observation']['redFlags'];

/** An observation past any of these is a red flag: shown in red, the overdose response offered, the next observation sooner. */
function RedFlags({ redFlags, onChange }: { redFlags: RedFlagRules; onChange: (change: Partial<RedFlagRules>) => void }) {
  return (
    <>
      <h3>Red flags after a dose</h3>
      <div className="field">
        <p className="field-label">Sedation levels that are a red flag</p>
        <div className="choices">
          {sedationLevelOptions.map((level: Level) => (
            <ToggleButton key={level} label={level} name={`Red flag sedation: ${level}`} pressed={redFlags.sedation.includes(level)}
              onToggle={() => onChange({ sedation: toggled(redFlags.sedation, level, sedationLevelOptions) })} />
          ))}
        </div>
      </div>
      <div className="form-grid">
        <NumberField label="Red flag: respiratory rate below (/min)" value={redFlags.respiratoryRateBelow} onChange={(v) => onChange({ respiratoryRateBelow: v })} />
        <NumberField label="Red flag: SpO2 below (%)" value={redFlags.oxygenSaturationBelow} onChange={(v) => onChange({ oxygenSaturationBelow: v })} />
      </div>
    </>
  );
}

type Windows = Draft['sessions']['windows'];

function SessionWindows({ windows, onChange }: { windows: Windows; onChange: (windows: Windows) => void }) {
  const change = (index: number, part: Partial<Windows[number]>) => onChange(windows.map((w, i) => (i === index ? { ...w, ...part } : w)));
  return (
    <>
      <h3>Sessions (clinic time)</h3>
      {/* A window keeps its id through every edit (renaming, moving): doses and withholds are filed under it. */}
      {windows.map((w, index) => (
        <div key={w.id ?? `new-${index}`} className="form-grid session-row">
          <TextInput label={`Session ${index + 1} name`} value={w.name} onChange={(name) => change(index, { name })} maxLength={30} />
          <TextInput label={`Session ${index + 1} opens`} type="time" value={w.opensAt} onChange={(opensAt) => change(index, { opensAt })} />
          <TextInput label={`Session ${index + 1} closes`} type="time" value={w.closesAt} onChange={(closesAt) => change(index, { closesAt })} />
          {windows.length > 1 && <button type="button" onClick={() => onChange(windows.filter((_, i) => i !== index))}>Remove session {index + 1}</button>}
        </div>
      ))}
      {/* Up to three visits a day (CMAJ 2019); the schema holds the limit. */}
      {windows.length < 3 && (
        // Empty, not a guessed time: no clinical number is written in code, and the schema asks for each field.
        // No id: the host gives a new window one.
        <button type="button" onClick={() => onChange([...windows, { name: '', opensAt: '', closesAt: '' }])}>Add a session</button>
      )}
    </>
  );
}
