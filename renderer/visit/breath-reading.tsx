import type { VisitView } from '../../shared/contract/index.js';

// UK breath readings are in micrograms per 100 mL of breath (docs/clinical-protocol.md, Breath alcohol).
const microgramFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

export function micrograms(value: number): string {
  return `${microgramFormat.format(value)} µg/100 mL`;
}

export function BreathReading({ reading }: { reading: NonNullable<VisitView['breath']['reading']> }) {
  return (
    <p className="reading">
      Reading: <strong>{micrograms(reading.microgramsPer100mlBreath)}</strong> of breath
      {reading.simulated && <span className="tag">Simulated</span>}
      {reading.enteredByHand && <span className="tag">Entered by hand</span>}
    </p>
  );
}
