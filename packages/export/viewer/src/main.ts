import './style.css';
import { VIEWER_DATA_DIR } from '../../src/viewer/viewerManifest';
import { Column, ViewerData, loadViewerData, projectionCoordinates } from './data';
import { byId } from './dom';
import { ViewAngles, screenCoordinates } from './layout';
import { classColors } from '../../src/core/classColors';
import { SPLIT_COLORS, percentiles, quantile, rampColors } from './palette';
import { MAX_COLORED_VALUES, OTHER_COLOR, matchColumn, numberScale, textColoring } from './columns';
import { ColorMode, columnOf, renderLegend } from './panels/legend';
import { neighborsOf, renderPointDetails } from './panels/pointDetails';
import { renderProjectionInfo } from './panels/projectionInfo';
import { renderSelection } from './panels/selectionGrid';
import { hideTooltip, showTooltip } from './panels/tooltip';
import { MouseMode, Plot } from './plot';
import { parseSearch } from './search';
import { installProbe } from './testHook';
import { ThumbnailAtlas } from './thumbnails';

const ERROR_RAMP = rampColors(64);

/** The viewer's state; the panels are redrawn from it. */
interface Session {
  data: ViewerData;
  plot: Plot;
  atlas: ThumbnailAtlas;
  coordinates: (index: number) => Promise<Float32Array>;
  classColors: string[];
  errorPercentiles: Float32Array;
  errorTicks: [string, number][];
  projection: number;
  angles: ViewAngles;
  colorBy: ColorMode;
  hiddenClasses: Set<number>;
  hiddenSplits: Set<number>;
  hovered: number | null;
  focused: number | null;
  selected: number[];
}

const status = {
  ready: false,
  error: null as string | null,
};
let session: Session | null = null;

installProbe(
  () => ({
    ...status,
    pointCount: session?.data.manifest.count ?? 0,
    pointsDrawn: session?.plot.pointsDrawn ?? 0,
    visiblePoints: session?.plot.visiblePoints ?? 0,
    draws: session?.plot.draws ?? 0,
    projection: session
      ? (session.data.manifest.projections[session.projection]?.name ?? null)
      : null,
    projections: session?.data.manifest.projections.map((p) => p.name) ?? [],
    colorBy: session?.colorBy ?? 'class',
    hovered:
      session && session.hovered !== null
        ? { index: session.hovered, id: session.data.ids[session.hovered] }
        : null,
    focused:
      session && session.focused !== null
        ? { index: session.focused, id: session.data.ids[session.focused] }
        : null,
    neighborsListed: document.querySelectorAll('#details .neighbor').length,
    selected: session?.selected.length ?? 0,
    thumbnailsDrawn: session?.atlas.drawn ?? 0,
  }),
  (index) => session?.plot.screenPosition(index) ?? null,
);

function say(message: string): void {
  byId('status').textContent = message;
}

const COLUMN_COLORS = [...classColors(MAX_COLORED_VALUES), OTHER_COLOR];

/** The selected column, or null when colouring by class, split or error. */
function colorColumn(s: Session): Column | null {
  const column = columnOf(s.colorBy);
  return column === null ? null : s.data.columns[column];
}

/** Per point a category and a value in [0, 1], and how the plot turns them into colours. */
function coloring(s: Session): {
  category: Uint8Array;
  value: Float32Array;
  style: { colors: string[]; by: 'category' | 'value' };
} {
  const column = colorColumn(s);
  const base = { category: s.data.labels, value: s.errorPercentiles };
  if (column?.kind === 'number')
    return { ...base, value: numberScale(column), style: { colors: ERROR_RAMP, by: 'value' } };
  if (column?.kind === 'text')
    return {
      ...base,
      category: textColoring(column).category,
      style: { colors: COLUMN_COLORS, by: 'category' },
    };
  if (s.colorBy === 'error') return { ...base, style: { colors: ERROR_RAMP, by: 'value' } };
  if (s.colorBy === 'split')
    return { ...base, category: s.data.splits, style: { colors: SPLIT_COLORS, by: 'category' } };
  return { ...base, style: { colors: s.classColors, by: 'category' } };
}

function renderLegendOf(s: Session): void {
  const column = colorColumn(s);
  const state = {
    ...s,
    splitColors: SPLIT_COLORS,
    textColoring: column?.kind === 'text' ? textColoring(column) : null,
    columnColors: COLUMN_COLORS,
  };
  renderLegend(byId('legend'), s.data, state, (kind, category) => {
    const hidden = kind === 'class' ? s.hiddenClasses : s.hiddenSplits;
    if (!hidden.delete(category)) hidden.add(category);
    applyFilter(s);
    renderLegendOf(s);
  });
}

function applyFilter(s: Session): void {
  if (!s.hiddenClasses.size && !s.hiddenSplits.size) {
    s.plot.filter(null);
    return;
  }
  const visible: number[] = [];
  for (let i = 0; i < s.data.manifest.count; i++) {
    if (!s.hiddenClasses.has(s.data.labels[i]) && !s.hiddenSplits.has(s.data.splits[i]))
      visible.push(i);
  }
  s.plot.filter(visible);
}

/** Draws the current projection (animated when switching), at the current 3-D angles. */
async function drawProjection(s: Session, transition: boolean): Promise<void> {
  const p = s.data.manifest.projections[s.projection];
  const coords = await s.coordinates(s.projection);
  const { x, y } = screenCoordinates(coords, s.data.manifest.count, p.dims, s.angles);
  byId('orbit').hidden = p.dims !== 3;
  // Points move under a still mouse without a pointOut: the card would describe the wrong spot.
  s.hovered = null;
  hideTooltip(byId('tooltip'));
  renderProjectionInfo(byId('projection-info'), p);
  const { category, value, style } = coloring(s);
  await s.plot.draw({ x, y, category, value }, style, transition);
  if (s.focused !== null) s.plot.highlight([s.focused, ...neighborsOf(s.data, s.focused)]);
  else if (s.selected.length) s.plot.highlight(s.selected);
}

let drawing = false;
let drawAgain = false;

/**
 * Draws now, or once the draw in progress has finished: dragging a slider asks for many draws,
 * and only the latest state matters.
 */
function requestDraw(s: Session, transition: boolean): void {
  if (drawing) {
    drawAgain = true;
    return;
  }
  drawing = true;
  void drawProjection(s, transition).finally(() => {
    drawing = false;
    if (drawAgain) {
      drawAgain = false;
      requestDraw(s, false);
    }
  });
}

function focus(s: Session, index: number): void {
  s.focused = index;
  s.selected = [];
  byId('selection').hidden = true;
  renderPointDetails(byId('details'), s.data, s.atlas, index, s.errorPercentiles, (j) =>
    focus(s, j),
  );
  s.plot.highlight([index, ...neighborsOf(s.data, index)]);
}

function showSelection(s: Session, points: number[]): void {
  s.focused = null;
  s.selected = points;
  byId('details').hidden = true;
  renderSelection(byId('selection'), s.data, s.atlas, points, s.classColors, (j) => focus(s, j));
}

function clearSelection(s: Session): void {
  s.focused = null;
  s.selected = [];
  byId('details').hidden = true;
  byId('selection').hidden = true;
}

function search(s: Session, text: string): void {
  const query = parseSearch(
    text,
    s.data.manifest.classNames,
    s.data.columns.map((c) => c.name),
  );
  if (query.kind === 'none') {
    say(query.reason);
    return;
  }
  if (query.kind === 'column') {
    const column = s.data.columns[query.column];
    const points = matchColumn(column, query.text);
    if (points === null) {
      say(
        `${column.name} holds numbers: try ${column.name}:5, ${column.name}:>5 or ${column.name}:1..5`,
      );
      return;
    }
    say(
      `${points.length.toLocaleString('en')} points with ${column.name} matching "${query.text}"`,
    );
    showSelection(s, points);
    s.plot.highlight(points);
    return;
  }
  if (query.kind === 'id') {
    const index = s.data.indexOfId.get(query.id);
    if (index === undefined) {
      say(`no point has id ${query.id}`);
      return;
    }
    say('');
    focus(s, index);
    s.plot.zoomTo([index, ...neighborsOf(s.data, index)]);
    return;
  }
  const points: number[] = [];
  s.data.labels.forEach((label, i) => label === query.label && points.push(i));
  say('');
  showSelection(s, points);
  s.plot.highlight(points);
}

function wireControls(s: Session): void {
  const projection = byId<HTMLSelectElement>('projection');
  projection.replaceChildren(
    ...s.data.manifest.projections.map((p, i) => new Option(`${p.name} (${p.dims}-D)`, String(i))),
  );
  projection.addEventListener('change', () => {
    s.projection = Number(projection.value);
    s.angles = { yaw: 0, pitch: 0 };
    byId<HTMLInputElement>('yaw').value = '0';
    byId<HTMLInputElement>('pitch').value = '0';
    s.plot.resetView();
    requestDraw(s, true);
  });
  const colorBy = byId<HTMLSelectElement>('color-by');
  // A table's vectors come without reconstruction errors (all missing): nothing to colour by.
  if (!s.data.error.some(Number.isFinite)) colorBy.querySelector('option[value="error"]')?.remove();
  colorBy.append(...s.data.columns.map((c, i) => new Option(c.name, `column:${i}`)));
  colorBy.addEventListener('change', () => {
    s.colorBy = colorBy.value as ColorMode;
    renderLegendOf(s);
    const { category, value, style } = coloring(s);
    void s.plot.recolor({ category, value }, style);
  });
  for (const axis of ['yaw', 'pitch'] as const) {
    const input = byId<HTMLInputElement>(axis);
    input.addEventListener('input', () => {
      s.angles = { ...s.angles, [axis]: Number(input.value) };
      requestDraw(s, false);
    });
  }
  const modes = [...document.querySelectorAll<HTMLButtonElement>('[data-mode]')];
  for (const button of modes) {
    button.addEventListener('click', () => {
      for (const b of modes) b.setAttribute('aria-pressed', String(b === button));
      s.plot.setMouseMode(button.dataset.mode as MouseMode);
    });
  }
  byId('search').addEventListener('submit', (event) => {
    event.preventDefault();
    search(s, byId<HTMLInputElement>('search-input').value);
  });
}

async function start(): Promise<void> {
  const base = new URL(`${VIEWER_DATA_DIR}/`, document.baseURI);
  const data = await loadViewerData(base);
  const { manifest } = data;
  if (!manifest.projections.length) throw new Error('the export holds no projection');
  document.title = `${manifest.title} · latentlens`;
  byId('title').textContent = manifest.title;
  const tooltip = byId('tooltip');
  const s: Session = {
    data,
    atlas: new ThumbnailAtlas(base, manifest.thumbnails),
    coordinates: projectionCoordinates(data),
    classColors: classColors(manifest.classNames.length),
    errorPercentiles: percentiles(data.error),
    errorTicks: [
      ['min', manifest.reconstructionError.min],
      ['median', quantile(data.error, 0.5)],
      ['p90', quantile(data.error, 0.9)],
      ['max', manifest.reconstructionError.max],
    ],
    projection: 0,
    angles: { yaw: 0, pitch: 0 },
    colorBy: 'class',
    hiddenClasses: new Set(),
    hiddenSplits: new Set(),
    hovered: null,
    focused: null,
    selected: [],
    plot: new Plot(byId<HTMLCanvasElement>('canvas'), manifest.count, {
      hover: (index) => {
        s.hovered = index;
        const at = index === null ? null : s.plot.screenPosition(index);
        if (index === null || !at) hideTooltip(tooltip);
        else showTooltip(tooltip, data, s.atlas, index, s.errorPercentiles[index], at);
      },
      select: (points) => (points.length === 1 ? focus(s, points[0]) : showSelection(s, points)),
      deselect: () => clearSelection(s),
    }),
  };
  session = s;
  wireControls(s);
  renderLegendOf(s);
  await drawProjection(s, false);
  say(`${manifest.count.toLocaleString('en')} points`);
  status.ready = true;
}

start().catch((error: Error) => {
  status.error = error.message;
  say(`Cannot show the export: ${error.message}`);
  console.error(error);
});
