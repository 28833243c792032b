import type { IntentionType, VisitStep } from '../../shared/contract/index.js';
import { useActingAs } from '../staff/acting-as.js';
import { NeedsRole } from './needs-role.js';
import { AdministrationStep } from './steps/administration-step.js';
import { BreathReviewStep } from './steps/breath-review-step.js';
import { BreathTestStep } from './steps/breath-test-step.js';
import { CheckInStep } from './steps/check-in-step.js';
import { DoseWastedStep } from './steps/dose-wasted-step.js';
import { ObservationStep } from './steps/observation-step.js';
import { OutcomeStep } from './steps/outcome-step.js';
import { PreDoseCheckStep } from './steps/pre-dose-check-step.js';
import { PreparationStep } from './steps/preparation-step.js';
import { WasteStep } from './steps/waste-step.js';
import { WithheldInResponseStep } from './steps/withheld-in-response-step.js';
import type { StepProps } from './step-props.js';

// What each step's form sends, so a person who may not send it sees who can instead of the form.
const recordedWith: Partial<Record<VisitStep, { intention: IntentionType; what: string }>> = {
  checkIn: { intention: 'confirmIdentity', what: 'The identity check' },
  preDoseCheck: { intention: 'recordPreDoseCheck', what: 'The pre-dose decision' },
  breathTest: { intention: 'startBreathTest', what: 'The breath test' },
  breathReview: { intention: 'decideBreathReview', what: 'The decision on the breath reading' },
  preparation: { intention: 'recordPreparation', what: 'Preparing the dose' },
  administration: { intention: 'recordAdministration', what: 'Recording the administration' },
  waste: { intention: 'recordWaste', what: 'Wasting the surplus' },
  observation: { intention: 'recordObservation', what: 'An observation' },
};

/** The host says which step a visit is at; the screen only draws it. */
export function StepView(props: StepProps) {
  const { may } = useActingAs();
  const step = props.visit.step;
  const needs = recordedWith[step];
  if (needs && !may(needs.intention)) return <NeedsRole intention={needs.intention} what={needs.what} />;
  switch (step) {
    case 'checkIn':
      return <CheckInStep {...props} />;
    case 'preDoseCheck':
      return <PreDoseCheckStep {...props} />;
    case 'breathTest':
      return <BreathTestStep {...props} />;
    case 'breathReview':
      return <BreathReviewStep {...props} />;
    case 'preparation':
      return <PreparationStep {...props} />;
    case 'administration':
      return <AdministrationStep {...props} />;
    case 'waste':
      return <WasteStep {...props} />;
    case 'doseWasted':
      return <DoseWastedStep {...props} />;
    case 'observation':
      return <ObservationStep {...props} />;
    case 'withheldInResponse':
      return <WithheldInResponseStep {...props} />;
    case 'doseWithheld':
    case 'discharged':
    case 'ended':
      return <OutcomeStep {...props} step={step} />;
  }
}
