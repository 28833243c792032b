import { useId, type ReactNode } from 'react';

export interface Choice<T extends string> {
  value: T;
  // The accessible name, unique on screen: tests and screen readers find the choice by it.
  name: string;
  content: ReactNode;
  flagged?: boolean;
  // Why this choice cannot be taken now, in the host's words: shown under it, and it cannot be tapped.
  problem?: string | null;
}

/** A row of big buttons where exactly one may be chosen: easier with gloves than a native radio. */
export function ChoiceGroup<T extends string>({ label, choices, selected, onSelect }: {
  label: string;
  choices: readonly Choice<T>[];
  selected: T | null;
  onSelect: (value: T) => void;
}) {
  const labelId = useId();
  return (
    <div className="field">
      <p className="field-label" id={labelId}>{label}</p>
      <div className="choices" role="radiogroup" aria-labelledby={labelId}>
        {choices.map((choice, index) => {
          const problemId = `${labelId}-problem-${index}`;
          const problem = choice.problem ?? null;
          return (
            <button
              key={choice.value}
              type="button"
              role="radio"
              aria-checked={selected === choice.value}
              aria-label={choice.name}
              aria-describedby={problem === null ? undefined : problemId}
              disabled={problem !== null}
              className={choice.flagged ? 'choice choice-flagged' : 'choice'}
              onClick={() => onSelect(choice.value)}
            >
              <span className="tick" aria-hidden="true">{selected === choice.value ? '✓' : ''}</span>
              {problem === null ? choice.content : (
                <span className="choice-text">
                  {choice.content}
                  <span className="choice-problem" id={problemId}>{problem}</span>
                </span>
              )}
            </button>
          );
        })}
      </div>
    </div>
  );
}
