import type { ViewerData } from '../data';
import { formatNumber, h } from '../dom';

/** Id, class, split and reconstruction error of one point, as a definition list. */
export function pointFacts(data: ViewerData, index: number, errorPercentile: number): HTMLElement {
  const { manifest } = data;
  const label = data.labels[index];
  return h(
    'dl',
    { class: 'facts' },
    h('dt', {}, 'id'),
    h('dd', { 'data-field': 'id' }, String(data.ids[index])),
    h('dt', {}, 'class'),
    h('dd', { 'data-field': 'class' }, manifest.classNames[label] ?? String(label)),
    h('dt', {}, 'split'),
    h('dd', {}, manifest.splitNames[data.splits[index]] ?? '?'),
    h('dt', {}, 'error'),
    h(
      'dd',
      { title: 'reconstruction error (its percentile among all points)' },
      `${formatNumber(data.error[index])} (p${Math.round(errorPercentile * 100)})`,
    ),
  );
}
