import { OTHER_COLOR, TextColoring } from '../columns';
import type { Column, ViewerData } from '../data';
import { formatNumber, h, setChildren } from '../dom';
import { RAMP_CSS } from '../palette';

/** What points are coloured by: the class, the split, the error, or metadata column i. */
export type ColorMode = 'class' | 'split' | 'error' | `column:${number}`;

/** The metadata column a colour mode names, if any. */
export function columnOf(mode: ColorMode): number | null {
  return mode.startsWith('column:') ? Number(mode.slice(7)) : null;
}

export interface LegendState {
  colorBy: ColorMode;
  classColors: string[];
  splitColors: string[];
  hiddenClasses: Set<number>;
  hiddenSplits: Set<number>;
  /** Labelled error quantiles under the ramp, e.g. ['median', 0.012]. */
  errorTicks: [string, number][];
  /** The colours of a text column, when coloured by one. */
  textColoring: TextColoring | null;
  columnColors: string[];
}

/** A text column's swatches (most frequent first), or a number column's ramp with its range. */
function columnLegend(column: Column, state: LegendState): HTMLElement[] {
  if (column.kind === 'number') {
    return [
      h('h2', {}, column.name),
      h('div', { class: 'ramp', style: `background:${RAMP_CSS}` }),
      h(
        'div',
        { class: 'ticks' },
        h('span', {}, `min ${formatNumber(column.min)}`),
        h('span', {}, `max ${formatNumber(column.max)}`),
      ),
      h(
        'p',
        { class: 'hint' },
        'Scaled linearly from min to max; missing values take the low end.',
      ),
    ];
  }
  const coloring = state.textColoring!;
  const entry = (color: string, name: string, count: number) =>
    h(
      'li',
      { 'data-kind': 'column-value', title: `${name}: ${count}` },
      h('span', { class: 'swatch', style: `background:${color}` }),
      h('span', { class: 'name' }, name),
      h('span', { class: 'count' }, String(count)),
    );
  const items = coloring.shown.map((v, i) => entry(state.columnColors[i], v.value, v.count));
  if (coloring.other.values > 0)
    items.push(entry(OTHER_COLOR, `${coloring.other.values} other values`, coloring.other.count));
  return [h('h2', {}, column.name), h('ul', { class: 'toggles values' }, ...items)];
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
          title: `${name}: ${sizes[i]}`,
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
 * Two entries a row when every name fits whole in half the panel's width, else one a row (a
 * name longer than the panel is cut with an ellipsis; its entry's title shows it whole). The
 * 22 clip-art classes ("signs_and_symbols 1113") take two columns in a 1920-pixel window and
 * one in a 1400-pixel one, the digits two in both (e2e/legend.test.ts).
 */
function fitColumns(section: HTMLElement): void {
  for (const list of section.querySelectorAll<HTMLElement>('.toggles')) {
    list.classList.remove('one-column');
    const names = list.querySelectorAll<HTMLElement>('.name');
    if ([...names].some((name) => name.scrollWidth > name.clientWidth))
      list.classList.add('one-column');
  }
}

const fitted = new WeakSet<HTMLElement>();

/**
 * The scale of the current colouring first (split toggles, a column's values or ramp, the error
 * ramp), so it is in view without scrolling, then the classes, always, as toggles that hide or
 * show them (coloured when colouring by class). The panel scrolls when they are many.
 */
export function renderLegend(
  section: HTMLElement,
  data: ViewerData,
  state: LegendState,
  onToggle: (kind: 'class' | 'split', category: number) => void,
): void {
  const { classNames, splitNames } = data.manifest;
  const parts: (HTMLElement | null)[] = [];
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
  const column = columnOf(state.colorBy);
  if (column !== null) parts.push(...columnLegend(data.columns[column], state));
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
  parts.push(
    h('h2', {}, 'Classes'),
    toggles(
      classNames,
      counts(data.labels, classNames.length),
      state.colorBy === 'class' ? state.classColors : null,
      state.hiddenClasses,
      'class',
      (i) => onToggle('class', i),
    ),
  );
  setChildren(section, ...parts);
  fitColumns(section);
  // The panel's width follows the window's (style.css): fit again when it changes. Watching the
  // panel, not this section, whose height the fitting changes (that would loop the observer).
  if (!fitted.has(section) && section.parentElement) {
    fitted.add(section);
    new ResizeObserver(() => fitColumns(section)).observe(section.parentElement);
  }
}
