import { useState } from 'react';
import type { IntentionOf } from '../../../shared/contract/index.js';
import { ChoiceGroup } from '../../components/choice-group.js';
import { NumberEntry, readNumber } from '../../components/number-entry.js';
import { useActions } from '../../kiosk/act.js';
import type { StepProps } from '../step-props.js';
import { useWitness } from '../witness-choice.js';

type Route = IntentionOf<'recordAdministration'>['route'];

export function AdministrationStep({ visit }: StepProps) {
  const { act, explain } = useActions();
  const routes = visit.prescription.routes;
  const [administered, setAdministered] = useState('');
  // With a single prescribed route there is nothing to choose; the nurse still sees it selected.
  const [route, setRoute] = useState<Route | null>(routes.length === 1 ? (routes[0] ?? null) : null);
  const [site, setSite] = useState<string | null>(null);
  const [declined, setDeclined] = useState(false);
  const witness = useWitness(visit);
  const sites = route ? (visit.injection.sites[route] ?? []) : [];

  const chooseRoute = (next: Route) => {
    if (next !== route) setSite(null);
    setRoute(next);
  };
  const record = () => {
    const administeredMg = readNumber(administered);
    if (administeredMg === null) return explain('Enter the amount administered first.');
    if (route === null) return explain('Choose the route first.');
    if (site === null) return explain('Choose the injection site first.');
    if (witness.witnessId === null) return explain('Choose who witnesses the administration first.');
    void act({ type: 'recordAdministration', visitId: visit.visitId, administeredMg, route, site, witnessId: witness.witnessId });
  };
  const wasteAll = () => {
    if (witness.witnessId === null) return explain('Choose who witnesses the waste first.');
    void act({ type: 'recordWaste', visitId: visit.visitId, wastedMg: visit.injection.surplusMg, witnessId: witness.witnessId });
  };

  return (
    <div className="step step-two-columns">
      <div>
        {visit.injection.drawnMg !== null && <p className="note">Amount drawn: {visit.injection.drawnMg} mg</p>}
        <NumberEntry label="Amount administered (mg)" value={administered} onChange={setAdministered} active onActivate={() => {}} />
      </div>
      <div>
        <ChoiceGroup label="Route" choices={routes.map((r) => ({ value: r, name: `Route ${r}`, content: r }))} selected={route} onSelect={chooseRoute} />
        {route && (
          <ChoiceGroup label="Site" choices={sites.map((s) => ({ value: s, name: `Site ${s}`, content: s }))} selected={site} onSelect={setSite} />
        )}
        {witness.view}
        <button type="button" className="primary" onClick={record}>Record administration</button>
        {/* The person declines after drawing up: every milligram must still be accounted for. */}
        {declined ? (
          <div className="decision">
            <button type="button" className="withhold" onClick={wasteAll}>
              Confirm: waste all {visit.injection.surplusMg} mg, witnessed
            </button>
            <button type="button" onClick={() => setDeclined(false)}>Cancel</button>
          </div>
        ) : (
          <button type="button" onClick={() => setDeclined(true)}>Not given: waste the whole dose</button>
        )}
      </div>
    </div>
  );
}
