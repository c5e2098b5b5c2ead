import type { ViewerData } from '../data';
import type { ThumbnailAtlas } from '../thumbnails';
import { pointFacts } from './pointFacts';

/** The card beside a hovered point: its thumbnail and facts, kept inside the plot. */
export function showTooltip(
  tooltip: HTMLElement,
  data: ViewerData,
  atlas: ThumbnailAtlas,
  index: number,
  errorPercentile: number,
  at: [number, number],
): void {
  tooltip.replaceChildren(atlas.canvas(index, 3), pointFacts(data, index, errorPercentile));
  tooltip.hidden = false;
  const plot = tooltip.parentElement!.getBoundingClientRect();
  const { width, height } = tooltip.getBoundingClientRect();
  const gap = 14;
  const left = at[0] + gap + width > plot.width ? at[0] - gap - width : at[0] + gap;
  const top = Math.min(Math.max(0, at[1] - height / 2), plot.height - height);
  tooltip.style.left = `${Math.max(0, left)}px`;
  tooltip.style.top = `${top}px`;
}

export function hideTooltip(tooltip: HTMLElement): void {
  tooltip.hidden = true;
  tooltip.replaceChildren();
}
