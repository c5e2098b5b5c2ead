/** What end-to-end tests may read about the viewer; nothing here changes it. */
export interface ViewerProbe {
  ready: boolean;
  error: string | null;
  pointCount: number;
  pointsDrawn: number;
  visiblePoints: number;
  draws: number;
  projection: string | null;
  projections: string[];
  colorBy: string;
  hovered: { index: number; id: number } | null;
  focused: { index: number; id: number } | null;
  neighborsListed: number;
  selected: number;
  thumbnailsDrawn: number;
  /** A point's position in CSS pixels from the plot canvas' top-left corner. */
  screenPosition(index: number): [number, number] | null;
}

declare global {
  interface Window {
    __viewer: Readonly<ViewerProbe>;
  }
}

/** Publishes `window.__viewer`: getters over live state, frozen so a test cannot write to it. */
export function installProbe(
  read: () => Omit<ViewerProbe, 'screenPosition'>,
  screenPosition: ViewerProbe['screenPosition'],
): void {
  const probe = {} as ViewerProbe;
  for (const key of Object.keys(read()) as (keyof Omit<ViewerProbe, 'screenPosition'>)[]) {
    Object.defineProperty(probe, key, { enumerable: true, get: () => read()[key] });
  }
  Object.defineProperty(probe, 'screenPosition', { enumerable: true, value: screenPosition });
  Object.defineProperty(window, '__viewer', {
    value: Object.freeze(probe),
    writable: false,
    configurable: false,
  });
}
