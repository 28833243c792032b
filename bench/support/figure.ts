/** One printed figure: `name: value unit`, with its baseline and ratio where it has one, and its target. */
export interface Figure {
  figure: number;
  name: string;
  value: number;
  unit: 'ms' | 'MB';
  baseline?: { name: string; value: number };
  /** The issue's target for this figure, the most it may be: a ratio to the baseline, or a value. */
  target?: { atMost: number; of: 'ratio' | 'value' };
}

export function ratioOf(figure: Figure): number | null {
  return figure.baseline ? figure.value / figure.baseline.value : null;
}

export function targetMet(figure: Figure): boolean | null {
  if (!figure.target) return null;
  const measured = figure.target.of === 'ratio' ? ratioOf(figure) : figure.value;
  return measured === null ? null : measured <= figure.target.atMost;
}

function round(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

export function figureLine(figure: Figure): string {
  const ratio = ratioOf(figure);
  const baseline = figure.baseline && ratio !== null
    ? ` ${ratio.toFixed(2)}x ${figure.baseline.name} (${round(figure.baseline.value)} ${figure.unit})`
    : '';
  const met = targetMet(figure);
  const target = figure.target
    ? `  [target ${figure.target.of === 'ratio' ? `<= ${figure.target.atMost}x` : `<= ${figure.target.atMost} ${figure.unit}`}: ${met ? 'met' : 'MISSED'}]`
    : '';
  return `${figure.name}: ${round(figure.value)} ${figure.unit}${baseline}${target}`;
}
