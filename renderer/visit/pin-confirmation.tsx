/**
 * Both people confirm the dose with their PINs as it is recorded: the nurse and the witness each
 * tap their own on one keypad (components/pin-pair.tsx). Owns: the dose's words for it.
 */
import { PinPair } from '../components/pin-pair.js';

export function PinConfirmation({ nurseName, witnessName, onConfirm, onCancel }: {
  nurseName: string;
  witnessName: string;
  onConfirm: (pins: { nursePin: string; witnessPin: string }) => Promise<void>;
  onCancel: () => void;
}) {
  return (
    <PinPair heading="Confirm the dose with both PINs" confirmLabel="Record the dose" actorName={nurseName} witnessName={witnessName}
      onConfirm={({ actorPin, witnessPin }) => onConfirm({ nursePin: actorPin, witnessPin })} onCancel={onCancel} />
  );
}
