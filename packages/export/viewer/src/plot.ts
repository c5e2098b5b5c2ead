import createScatterplot from 'regl-scatterplot';

export type MouseMode = 'pan' | 'lasso' | 'box';

/** What to draw: screen coordinates in [-1, 1], a category per point, and a value in [0, 1]. */
export interface PlotPoints {
  x: Float32Array;
  y: Float32Array;
  category: Uint8Array;
  value: Float32Array;
}

export interface PlotStyle {
  /** One colour per category, or a ramp for the value. */
  colors: string[];
  by: 'category' | 'value';
}

export interface PlotEvents {
  hover(index: number | null): void;
  select(points: number[]): void;
  deselect(): void;
}

const BACKGROUND = '#111318';

/** Larger points for small exports, smaller ones where 70,000 would blur into a carpet. */
function pointSizeFor(count: number): number {
  return Math.min(6, Math.max(2, Math.round(Math.sqrt(200000 / Math.max(1, count)))));
}

/**
 * The WebGL scatter plot (regl-scatterplot): pan and zoom, hover, click, lasso and box select
 * are the library's own; this class keeps what it needs to redraw colours without re-indexing.
 */
export class Plot {
  private readonly scatterplot: ReturnType<typeof createScatterplot>;
  private points: PlotPoints | null = null;
  private spatialIndex: ArrayBuffer | undefined;
  private filtered: number[] | null = null;
  /** Points the library holds after the last draw, and how many draws have completed. */
  pointsDrawn = 0;
  draws = 0;

  /** `canvas` fills its parent element, whose size the plot follows. */
  constructor(canvas: HTMLCanvasElement, pointCount: number, events: PlotEvents) {
    const container = canvas.parentElement!;
    const { width, height } = container.getBoundingClientRect();
    this.scatterplot = createScatterplot({
      canvas,
      width: Math.max(1, width),
      height: Math.max(1, height),
      backgroundColor: BACKGROUND,
      pointSize: pointSizeFor(pointCount),
      pointSizeSelected: 2,
      pointOutlineWidth: 1,
      pointColorHover: '#ffffff',
      pointColorActive: '#ffffff',
      opacity: 0.85,
      opacityInactiveScale: 0.5,
      lassoColor: '#ffffff',
      lassoMinDelay: 10,
    });
    // The library follows window resizes only; the plot also changes size when the side panel does.
    new ResizeObserver(() => {
      const size = container.getBoundingClientRect();
      if (size.width > 0 && size.height > 0)
        this.scatterplot.set({ width: size.width, height: size.height });
    }).observe(container);
    this.scatterplot.subscribe('pointOver', (index: number) => events.hover(index));
    this.scatterplot.subscribe('pointOut', () => events.hover(null));
    this.scatterplot.subscribe('select', ({ points }: { points: number[] }) =>
      events.select(points),
    );
    this.scatterplot.subscribe('deselect', () => events.deselect());
  }

  /** Draws new positions (animated from the previous ones when asked), keeping the filter. */
  async draw(points: PlotPoints, style: PlotStyle, transition: boolean): Promise<void> {
    this.points = points;
    this.spatialIndex = undefined;
    await this.render(style, transition);
    this.spatialIndex = this.scatterplot.get('spatialIndex');
  }

  /** New colours on the same positions: reuses the spatial index instead of rebuilding it. */
  async recolor(colors: Pick<PlotPoints, 'category' | 'value'>, style: PlotStyle): Promise<void> {
    if (!this.points) return;
    this.points = { ...this.points, ...colors };
    await this.render(style, false);
  }

  private async render(style: PlotStyle, transition: boolean): Promise<void> {
    const p = this.points!;
    this.scatterplot.set({
      pointColor: style.colors,
      colorBy: style.by === 'category' ? 'valueA' : 'valueB',
    });
    await this.scatterplot.draw(
      { x: p.x, y: p.y, valueA: p.category, valueB: p.value },
      {
        zDataType: 'categorical',
        wDataType: 'continuous',
        transition: transition && this.pointsDrawn === p.x.length,
        transitionDuration: 500,
        spatialIndex: this.spatialIndex,
        ...(this.filtered ? { filter: this.filtered } : {}),
      },
    );
    this.pointsDrawn = this.scatterplot.get('points').length;
    this.draws++;
  }

  /** Shows only these points (null: all). */
  filter(indices: number[] | null): void {
    this.filtered = indices;
    if (indices) void this.scatterplot.filter(indices, { preventEvent: true });
    else void this.scatterplot.unfilter({ preventEvent: true });
  }

  get visiblePoints(): number {
    return this.filtered ? this.filtered.length : this.pointsDrawn;
  }

  /** Marks points as selected without announcing it (e.g. a point and its neighbours). */
  highlight(indices: number[]): void {
    this.scatterplot.select(indices, { preventEvent: true });
  }

  /** Back to the initial view, where the whole projection fits. */
  resetView(): void {
    this.scatterplot.reset();
  }

  zoomTo(indices: number[]): void {
    void this.scatterplot.zoomToPoints(indices, {
      padding: 0.6,
      transition: true,
      transitionDuration: 400,
    });
  }

  setMouseMode(mode: MouseMode): void {
    this.scatterplot.set({
      mouseMode: mode === 'pan' ? 'panZoom' : 'lasso',
      // `lassoType` is settable since regl-scatterplot 1.14 but missing from its type declarations.
      ...({ lassoType: mode === 'box' ? 'rectangle' : 'freeform' } as object),
    });
  }

  /** Position of a point in CSS pixels from the canvas' top-left corner. */
  screenPosition(index: number): [number, number] | null {
    if (!this.pointsDrawn) return null;
    const position = this.scatterplot.getScreenPosition(index);
    return position ? [position[0], position[1]] : null;
  }
}
