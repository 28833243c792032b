/**
 * Both people sign a register entry of the visit with their PINs as it is recorded (the
 * preparation, the dose, the waste): the nurse and the witness each tap their own on one keypad
 * (components/pin-pair.tsx). Owns: each entry's words for it.
 */
import { PinPair } from '../components/pin-pair.js';

const entryWords = {
  preparation: { heading: 'Sign the preparation with both PINs', confirmLabel: 'Record the preparation' },
  dose: { heading: 'Confirm the dose with both PINs', confirmLabel: 'Record the dose' },
  waste: { heading: 'Sign the waste with both PINs', confirmLabel: 'Record the waste' },
} as const;

export type SignedEntry = keyof typeof entryWords;

export interface NurseAndWitnessPins { nursePin: string; witnessPin: string }

export function PinConfirmation({ entry, nurseName, witnessName, onConfirm, onCancel }: {
  entry: SignedEntry;
  nurseName: string;
  witnessName: string;
  onConfirm: (pins: NurseAndWitnessPins) => Promise<void>;
  onCancel: () => void;
}) {
  const { heading, confirmLabel } = entryWords[entry];
  return (
    <PinPair heading={heading} confirmLabel={confirmLabel} actorName={nurseName} witnessName={witnessName}
      onConfirm={({ actorPin, witnessPin }) => onConfirm({ nursePin: actorPin, witnessPin })} onCancel={onCancel} />
  );
}
