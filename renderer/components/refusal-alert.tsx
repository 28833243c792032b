/**
 * The host's reason for refusing a step, in its own words. It floats over the top of the screen
 * instead of pushing the page down: content that jumps as an alert appears or clears moves the
 * buttons under a finger that is already on its way (an end-to-end run caught a tap meant for
 * "Record observation" landing on a keypad key).
 */
export function RefusalAlert({ reason, onDismiss }: { reason: string | null; onDismiss: () => void }) {
  return (
    // Always in the page, so screen readers announce each new reason as it arrives.
    <div className="refusal-slot" role="alert">
      {reason && (
        <div className="refusal">
          <span>{reason}</span>
          <button type="button" className="refusal-dismiss" onClick={onDismiss}>Dismiss</button>
        </div>
      )}
    </div>
  );
}
