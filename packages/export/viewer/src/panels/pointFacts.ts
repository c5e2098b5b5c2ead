import type { ViewerData } from '../data';
import { formatNumber, h } from '../dom';

function columnValue(data: ViewerData, column: number, index: number): string {
  const c = data.columns[column];
  if (c.kind === 'text') return c.values[c.codes[index]];
  const v = c.values[index];
  return Number.isFinite(v) ? formatNumber(v) : '—';
}

/** Id, class, split, reconstruction error (when there is one) and metadata columns of one point. */
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
    // Missing for a table's vectors, which no autoencoder reconstructed.
    ...(Number.isFinite(data.error[index])
      ? [
          h('dt', {}, 'error'),
          h(
            'dd',
            { title: 'reconstruction error (its percentile among all points)' },
            `${formatNumber(data.error[index])} (p${Math.round(errorPercentile * 100)})`,
          ),
        ]
      : []),
    ...data.columns.flatMap((column, c) => [
      h('dt', {}, column.name),
      h('dd', { 'data-field': `column:${column.name}` }, columnValue(data, c, index)),
    ]),
  );
}
