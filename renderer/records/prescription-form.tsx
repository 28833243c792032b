/**
 * A prescriber issues or changes a prescription. The kiosk checks nothing clinical here: the
 * host validates the terms and answers with its reason; a change reaches visits started after it.
 */
import { useState } from 'react';
import type { RoomView } from '../../shared/contract/index.js';
import { noFormNamed } from '../../shared/register/prescribed-forms.js';
import { ProductForm } from '../../shared/register/products.js';
import { clinicDate } from '../../shared/clinic-time/clinic-time-text.js';
import { TextField } from '../components/text-field.js';
import { numberOrNull, TextInput } from '../components/text-input.js';
import { ToggleButton } from '../components/toggle-button.js';
import { useActions } from '../kiosk/act.js';
import type { Person, Prescription } from './service-user-rows.js';
import { routeOptions, type RouteOption } from './vocabulary.js';

export function PrescriptionForm({ room, person, prescription, onDone, onCancel }: {
  room: RoomView;
  person: Person;
  // Null: issuing a new prescription.
  prescription: Prescription | null;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { act, explain } = useActions();
  const [drug, setDrug] = useState(prescription?.drug ?? 'diamorphine');
  // Chosen, never typed: a new prescription starts with none, so the prescriber says which.
  const [forms, setForms] = useState<ReadonlySet<ProductForm>>(new Set(prescription?.allowedForms ?? []));
  const [strength, setStrength] = useState(prescription?.strengthMgPerMl?.toString() ?? '');
  const [dose, setDose] = useState(prescription?.dosePerSessionMg.toString() ?? '');
  const [sessions, setSessions] = useState(prescription?.sessionsPerDay.toString() ?? '2');
  const [routes, setRoutes] = useState<ReadonlySet<RouteOption>>(new Set(prescription?.routes ?? []));
  const [reducedMin, setReducedMin] = useState(prescription?.reducedDoseRange?.minMg.toString() ?? '');
  const [reducedMax, setReducedMax] = useState(prescription?.reducedDoseRange?.maxMg.toString() ?? '');
  const [startsOn, setStartsOn] = useState(clinicDate(room.now, room.kiosk.timeZone));
  const [endsOn, setEndsOn] = useState(prescription?.endsOn ?? '');
  const [reason, setReason] = useState('');

  const toggleForm = (form: ProductForm) => {
    const next = new Set(forms);
    if (!next.delete(form)) next.add(form);
    setForms(next);
  };

  const toggleRoute = (route: RouteOption) => {
    const next = new Set(routes);
    if (!next.delete(route)) next.add(route);
    setRoutes(next);
  };

  const save = async () => {
    const dosePerSessionMg = numberOrNull(dose);
    const sessionsPerDay = numberOrNull(sessions);
    if (dosePerSessionMg === null) return explain('Enter the dose per session in mg.');
    if (sessionsPerDay === null) return explain('Enter the number of sessions a day.');
    const min = numberOrNull(reducedMin);
    const max = numberOrNull(reducedMax);
    if ((min === null) !== (max === null)) return explain('Give both ends of the reduced-dose range, or neither.');
    if (forms.size === 0) return explain('Choose the forms the prescription allows.');
    if (prescription && reason.trim() === '') return explain('Give the reason for the change.');
    const terms = {
      dosePerSessionMg,
      sessionsPerDay,
      routes: routeOptions.filter((r) => routes.has(r)),
      reducedDoseRange: min !== null && max !== null ? { minMg: min, maxMg: max } : null,
      endsOn: endsOn === '' ? null : endsOn,
      allowedForms: ProductForm.options.filter((f) => forms.has(f)),
    };
    const reply = prescription
      ? await act({ type: 'changePrescription', prescriptionId: prescription.prescriptionId, reason: reason.trim(), ...terms })
      : await act({
        type: 'issuePrescription', serviceUserId: person.serviceUserId, drug: drug.trim(),
        strengthMgPerMl: numberOrNull(strength), startsOn, ...terms,
      });
    if (reply) onDone();
  };

  const title = prescription ? `Changing the prescription for ${person.preferredName}` : `New prescription for ${person.preferredName}`;
  return (
    <section className="end-visit-panel form-grid" aria-label={title}>
      <h3>{title}</h3>
      {!prescription && (
        <>
          <TextInput label="Drug" value={drug} onChange={setDrug} />
          <TextInput label="Strength (mg/mL)" value={strength} onChange={setStrength} inputMode="decimal" />
          <TextInput label="Starts on" type="date" value={startsOn} onChange={setStartsOn} />
        </>
      )}
      <div className="field">
        <p className="field-label">Forms allowed</p>
        {prescription && prescription.allowedForms.length === 0 && <p className="warning-line">{noFormNamed}</p>}
        <div className="choices">
          {ProductForm.options.map((f) => <ToggleButton key={f} label={f} name={`Form ${f}`} pressed={forms.has(f)} onToggle={() => toggleForm(f)} />)}
        </div>
      </div>
      <TextInput label="Dose per session (mg)" value={dose} onChange={setDose} inputMode="decimal" />
      <TextInput label="Sessions a day" value={sessions} onChange={setSessions} inputMode="numeric" />
      <div className="field">
        <p className="field-label">Routes</p>
        <div className="choices">
          {routeOptions.map((r) => <ToggleButton key={r} label={r} name={`Route ${r}`} pressed={routes.has(r)} onToggle={() => toggleRoute(r)} />)}
        </div>
      </div>
      <TextInput label="Reduced dose from (mg)" value={reducedMin} onChange={setReducedMin} inputMode="decimal" hint="Leave both empty when no reduced dose is prescribed." />
      <TextInput label="Reduced dose up to (mg)" value={reducedMax} onChange={setReducedMax} inputMode="decimal" />
      <TextInput label="Ends on" type="date" value={endsOn} onChange={setEndsOn} hint="Leave empty for no end date." />
      {prescription && <TextField label="Reason for the change" value={reason} onChange={setReason} />}
      <div className="decision">
        <button type="button" className="primary" onClick={() => void save()}>{prescription ? 'Save the change' : 'Issue prescription'}</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </section>
  );
}

export function SuspendPrescriptionForm({ prescription, onDone, onCancel }: { prescription: Prescription; onDone: () => void; onCancel: () => void }) {
  const { act, explain } = useActions();
  const [reason, setReason] = useState('');
  const confirm = async () => {
    if (reason.trim() === '') return explain('Give the reason for suspending the prescription.');
    if (await act({ type: 'suspendPrescription', prescriptionId: prescription.prescriptionId, reason: reason.trim() })) onDone();
  };
  return (
    <section className="end-visit-panel" aria-label="Suspending the prescription">
      <TextField label="Reason for suspending" value={reason} onChange={setReason} />
      <div className="decision">
        <button type="button" className="withhold" onClick={() => void confirm()}>Confirm: suspend prescription</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </section>
  );
}
