import type { VisitView } from '../../shared/contract/index.js';
import { ChoiceGroup } from '../components/choice-group.js';

type SedationLevel = VisitView['preDoseCheck']['sedationLevels'][number]['level'];

/** Levels and their words come from the site's scale, so a clinic can reword or extend it. */
export function SedationChoice({ visit, selected, onSelect, markNotForDosing }: {
  visit: VisitView;
  selected: SedationLevel | null;
  onSelect: (level: SedationLevel) => void;
  markNotForDosing: boolean;
}) {
  const choices = visit.preDoseCheck.sedationLevels.map((s) => ({
    value: s.level,
    name: `Sedation ${s.level}`,
    flagged: markNotForDosing && !s.mayProceed,
    content: (
      <span className="choice-text">
        <span className="choice-level">{s.level}</span>
        <span className="choice-words">{s.words}</span>
        {markNotForDosing && !s.mayProceed && <span className="choice-flag">Red flag</span>}
      </span>
    ),
  }));
  return <ChoiceGroup label="Sedation level" choices={choices} selected={selected} onSelect={onSelect} />;
}
