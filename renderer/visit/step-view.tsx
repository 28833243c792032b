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
import type { StepProps } from './step-props.js';

/** The host says which step a visit is at; the screen only draws it. */
export function StepView(props: StepProps) {
  const step = props.visit.step;
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
    case 'doseWithheld':
    case 'discharged':
    case 'ended':
      return <OutcomeStep {...props} step={step} />;
  }
}
