/** One printed figure: `name: value unit`, with its baseline and ratio where it has one, and its target. */
export interface Figure {
  figure: number;
  name: string;
  value: number;
  unit: 'ms' | 'MB' | 'events/s';
  baseline?: { name: string; value: number };
  /**
   * The target for this figure: the most a time or a size may be, or the least a rate may
   * be, as a ratio to the baseline or as a value.
   */
  target?: { atMost: number; of: 'ratio' | 'value' } | { atLeast: number; of: 'ratio' | 'value' };
}

export function ratioOf(figure: Figure): number | null {
  return figure.baseline ? figure.value / figure.baseline.value : null;
}

export function targetMet(figure: Figure): boolean | null {
  if (!figure.target) return null;
  const measured = figure.target.of === 'ratio' ? ratioOf(figure) : figure.value;
  if (measured === null) return null;
  return 'atMost' in figure.target ? measured <= figure.target.atMost : measured >= figure.target.atLeast;
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
  const target = figure.target ? `  [target ${targetWords(figure.target, figure.unit)}: ${met ? 'met' : 'MISSED'}]` : '';
  return `${figure.name}: ${round(figure.value)} ${figure.unit}${baseline}${target}`;
}

function targetWords(target: NonNullable<Figure['target']>, unit: Figure['unit']): string {
  const [sign, bound] = 'atMost' in target ? ['<=', target.atMost] : ['>=', target.atLeast];
  return target.of === 'ratio' ? `${sign} ${bound}x` : `${sign} ${bound} ${unit}`;
}
