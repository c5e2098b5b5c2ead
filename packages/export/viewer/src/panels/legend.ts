import type { ViewerData } from '../data';
import { formatNumber, h, setChildren } from '../dom';
import { RAMP_CSS } from '../palette';

export type ColorMode = 'class' | 'split' | 'error';

export interface LegendState {
  colorBy: ColorMode;
  classColors: string[];
  splitColors: string[];
  hiddenClasses: Set<number>;
  hiddenSplits: Set<number>;
  /** Labelled error quantiles under the ramp, e.g. ['median', 0.012]. */
  errorTicks: [string, number][];
}

function counts(values: Uint8Array, size: number): number[] {
  const out = new Array<number>(size).fill(0);
  for (const v of values) out[v]++;
  return out;
}

/** One toggle per category: a click hides or shows its points. */
function toggles(
  names: string[],
  sizes: number[],
  colors: string[] | null,
  hidden: Set<number>,
  kind: string,
  onToggle: (category: number) => void,
): HTMLElement {
  return h(
    'ul',
    { class: 'toggles' },
    ...names.map((name, i) => {
      const button = h(
        'button',
        {
          type: 'button',
          'data-kind': kind,
          'data-category': String(i),
          'aria-pressed': String(!hidden.has(i)),
        },
        h('span', { class: 'swatch', style: colors ? `background:${colors[i]}` : '' }),
        h('span', { class: 'name' }, name),
        h('span', { class: 'count' }, String(sizes[i])),
      );
      button.addEventListener('click', () => onToggle(i));
      return h('li', {}, button);
    }),
  );
}

/**
 * Classes (always, as toggles that hide or show them), and the colour scale of the current
 * colouring: class swatches, split toggles, or the error ramp with its quantiles.
 */
export function renderLegend(
  section: HTMLElement,
  data: ViewerData,
  state: LegendState,
  onToggle: (kind: 'class' | 'split', category: number) => void,
): void {
  const { classNames, splitNames } = data.manifest;
  const parts: (HTMLElement | null)[] = [
    h('h2', {}, 'Classes'),
    toggles(
      classNames,
      counts(data.labels, classNames.length),
      state.colorBy === 'class' ? state.classColors : null,
      state.hiddenClasses,
      'class',
      (i) => onToggle('class', i),
    ),
  ];
  if (state.colorBy === 'split') {
    parts.push(
      h('h2', {}, 'Splits'),
      toggles(
        splitNames,
        counts(data.splits, splitNames.length),
        state.splitColors,
        state.hiddenSplits,
        'split',
        (i) => onToggle('split', i),
      ),
    );
  }
  if (state.colorBy === 'error') {
    const ticks = state.errorTicks.map(([name, value]) =>
      h('span', {}, `${name} ${formatNumber(value)}`),
    );
    parts.push(
      h('h2', {}, 'Reconstruction error'),
      h('div', { class: 'ramp', style: `background:${RAMP_CSS}` }),
      h('div', { class: 'ticks' }, ...ticks),
      h('p', { class: 'hint' }, 'Coloured by percentile, so the skewed errors use the whole ramp.'),
    );
  }
  setChildren(section, ...parts);
}
