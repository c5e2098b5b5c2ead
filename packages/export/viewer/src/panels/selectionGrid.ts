import type { ViewerData } from '../data';
import { h, setChildren } from '../dom';
import type { ThumbnailAtlas } from '../thumbnails';

/** Thumbnails beyond this many would only slow the page down; the count says how many there are. */
const MAX_THUMBNAILS = 300;

/** A lasso, box or search selection: how many points of each class, and their thumbnails. */
export function renderSelection(
  section: HTMLElement,
  data: ViewerData,
  atlas: ThumbnailAtlas,
  points: number[],
  colors: string[],
  focus: (index: number) => void,
): void {
  const { classNames } = data.manifest;
  const counts = new Map<number, number>();
  for (const i of points) counts.set(data.labels[i], (counts.get(data.labels[i]) ?? 0) + 1);
  const chips = [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([label, count]) =>
      h(
        'li',
        {},
        h('span', { class: 'swatch', style: `background:${colors[label]}` }),
        `${classNames[label] ?? label}: ${count}`,
      ),
    );
  const shown = points.slice(0, MAX_THUMBNAILS);
  const grid = h('div', { class: 'grid' });
  for (const i of shown) {
    const thumb = atlas.canvas(i, 1.5);
    thumb.title = `#${data.ids[i]} (${classNames[data.labels[i]] ?? data.labels[i]})`;
    thumb.dataset.index = String(i);
    thumb.addEventListener('click', () => focus(i));
    grid.append(thumb);
  }
  setChildren(
    section,
    h('h2', {}, `${points.length} selected`),
    h('ul', { class: 'class-counts' }, ...chips),
    shown.length < points.length
      ? h('p', { class: 'hint' }, `Showing the first ${shown.length}.`)
      : null,
    grid,
  );
  section.hidden = false;
}
