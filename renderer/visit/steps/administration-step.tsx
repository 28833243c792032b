import { useState } from 'react';
import type { IntentionOf } from '../../../shared/contract/index.js';
import { ChoiceGroup } from '../../components/choice-group.js';
import { NumberEntry, readNumber } from '../../components/number-entry.js';
import { useActions } from '../../kiosk/act.js';
import type { StepProps } from '../step-props.js';
import { PinConfirmation, type NurseAndWitnessPins } from '../pin-confirmation.js';
import { useWitness } from '../witness-choice.js';
import { useActingAs } from '../../staff/acting-as.js';

type Route = IntentionOf<'recordAdministration'>['route'];

export function AdministrationStep({ visit }: StepProps) {
  const { act, explain } = useActions();
  const routes = visit.prescription.routes;
  const [administered, setAdministered] = useState('');
  // With a single prescribed route there is nothing to choose; the nurse still sees it selected.
  const [route, setRoute] = useState<Route | null>(routes.length === 1 ? (routes[0] ?? null) : null);
  const [site, setSite] = useState<string | null>(null);
  const [declined, setDeclined] = useState(false);
  // Which entry the PIN pair is signing: the dose, or the whole dose wasted.
  const [confirming, setConfirming] = useState<'dose' | 'waste' | null>(null);
  const witness = useWitness(visit);
  const { actor } = useActingAs();
  // The host judges the dose again now: while it says no, the dose drawn up can only be wasted.
  const blocked = visit.dosing.blocked !== null;
  const sites = route ? (visit.injection.sites[route] ?? []) : [];

  const chooseRoute = (next: Route) => {
    if (next !== route) setSite(null);
    setRoute(next);
  };
  const administeredMg = readNumber(administered);
  const { witnessName } = witness;
  const askForPins = () => {
    if (administeredMg === null) return explain('Enter the amount administered first.');
    if (route === null) return explain('Choose the route first.');
    if (site === null) return explain('Choose the injection site first.');
    if (witness.witnessId === null) return explain('Choose who witnesses the administration first.');
    setConfirming('dose');
  };
  const record = async (pins: NurseAndWitnessPins) => {
    if (administeredMg === null || route === null || site === null || witness.witnessId === null) return;
    await act({ type: 'recordAdministration', visitId: visit.visitId, administeredMg, route, site, witnessId: witness.witnessId, ...pins });
  };
  const askToWasteAll = () => {
    if (witness.witnessId === null) return explain('Choose who witnesses the waste first.');
    setConfirming('waste');
  };
  const wasteAll = async (pins: NurseAndWitnessPins) => {
    if (witness.witnessId === null) return;
    await act({ type: 'recordWaste', visitId: visit.visitId, wastedMg: visit.injection.surplusMg, witnessId: witness.witnessId, ...pins });
  };

  // The confirmation replaces the form, so its keypad is the only one on screen. Wasting is
  // signed even while the host blocks the dose: what was drawn up must still be accounted for.
  if (confirming === 'dose' && !blocked && actor && witnessName) {
    return (
      <div className="step">
        <p className="note">{administeredMg} mg {route}, {site}: recorded by {actor.displayName}, witnessed by {witnessName}.</p>
        <PinConfirmation entry="dose" nurseName={actor.displayName} witnessName={witnessName} onConfirm={record} onCancel={() => setConfirming(null)} />
      </div>
    );
  }
  if (confirming === 'waste' && actor && witnessName) {
    return (
      <div className="step">
        <p className="note">All {visit.injection.surplusMg} mg wasted, not given: recorded by {actor.displayName}, witnessed by {witnessName}.</p>
        <PinConfirmation entry="waste" nurseName={actor.displayName} witnessName={witnessName} onConfirm={wasteAll} onCancel={() => setConfirming(null)} />
      </div>
    );
  }

  return (
    <div className="step step-two-columns">
      <div>
        {visit.injection.drawnMg !== null && (
          <p className="note">
            Amount drawn: {visit.injection.drawnMg} mg{visit.injection.productTitle === null ? '' : `, from ${visit.injection.productTitle}`}
          </p>
        )}
        <NumberEntry label="Amount administered (mg)" value={administered} onChange={setAdministered} active onActivate={() => {}} />
      </div>
      <div>
        <ChoiceGroup label="Route" choices={routes.map((r) => ({ value: r, name: `Route ${r}`, content: r }))} selected={route} onSelect={chooseRoute} />
        {route && (
          <ChoiceGroup label="Site" choices={sites.map((s) => ({ value: s, name: `Site ${s}`, content: s }))} selected={site} onSelect={setSite} />
        )}
        {witness.view}
        <button type="button" className="primary" disabled={blocked} onClick={askForPins}>Record administration</button>
        {/* The person declines after drawing up: every milligram must still be accounted for. */}
        {declined ? (
          <div className="decision">
            <button type="button" className="withhold" onClick={askToWasteAll}>
              Confirm: waste all {visit.injection.surplusMg} mg, witnessed
            </button>
            <button type="button" onClick={() => setDeclined(false)}>Cancel</button>
          </div>
        ) : (
          <button type="button" className={blocked ? 'primary' : undefined} onClick={() => setDeclined(true)}>Not given: waste the whole dose</button>
        )}
      </div>
    </div>
  );
}
