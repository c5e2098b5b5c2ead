import type { ViewerData } from '../data';
import { formatNumber, h } from '../dom';
import type { ThumbnailAtlas } from '../thumbnails';
import { pointFacts } from './pointFacts';

/** The neighbours of point `index` in the vectors' space, nearest first. */
export function neighborsOf(data: ViewerData, index: number): number[] {
  const k = data.manifest.neighbors.k;
  return Array.from(data.neighbors.subarray(index * k, (index + 1) * k));
}

/**
 * The clicked point and its nearest neighbours in the space of the exported vectors (an
 * autoencoder's codes, or a table's own vectors: the manifest names it), with thumbnails: the
 * list shows what the vectors consider alike, whatever the projection shows.
 */
export function renderPointDetails(
  section: HTMLElement,
  data: ViewerData,
  atlas: ThumbnailAtlas,
  index: number,
  errorPercentiles: Float32Array,
  focus: (index: number) => void,
): void {
  const { manifest } = data;
  const k = manifest.neighbors.k;
  const neighbors = neighborsOf(data, index);
  const sameClass = neighbors.filter((j) => data.labels[j] === data.labels[index]).length;
  const rows = neighbors.map((j, r) => {
    const label = data.labels[j];
    const item = h(
      'li',
      {
        class: label === data.labels[index] ? 'neighbor' : 'neighbor other-class',
        'data-index': String(j),
        title: 'show this point',
      },
      atlas.canvas(j, 2),
      h('span', { class: 'id' }, `#${data.ids[j]}`),
      h('span', { class: 'class' }, manifest.classNames[label] ?? String(label)),
      h(
        'span',
        { class: 'distance', title: `distance in ${manifest.neighbors.space}` },
        formatNumber(data.neighborDistances[index * k + r]),
      ),
    );
    item.addEventListener('click', () => focus(j));
    return item;
  });
  section.replaceChildren(
    h('h2', {}, `Point #${data.ids[index]}`),
    h(
      'div',
      { class: 'point' },
      atlas.canvas(index, 4),
      pointFacts(data, index, errorPercentiles[index]),
    ),
    h('h3', {}, `Nearest in ${manifest.neighbors.space}`),
    h(
      'p',
      { class: 'hint' },
      `${sameClass} of ${k} share its class; they are highlighted in the plot.`,
    ),
    h('ol', { class: 'neighbors' }, ...rows),
  );
  section.hidden = false;
}
