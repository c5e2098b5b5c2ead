/**
 * Bookmarks (saved states) that make the Embedding Projector show precomputed projections of
 * every point, instead of re-running t-SNE/UMAP in the browser on a sample.
 *
 * What the projector does with a state (TensorBoard vz_projector: `State` in data.ts,
 * `Projector.loadState` in vz-projector.ts, `restoreUIFromBookmark` in
 * vz-projector-projections-panel.ts):
 * - point i's projection map is replaced by `projections[i]`, and the view reads the keys
 *   `<type>-<k>` of `selectedProjection` ('tsne' | 'pca' | 'umap'; 'custom' reads
 *   `linear-x`/`linear-y`), with k from `pcaComponentDimensions` for PCA, 0..1(..2) by
 *   `tSNEis3d`/`umapIs3d` for t-SNE/UMAP. Any other `selectedProjection` throws.
 * - Nothing is recomputed for PCA, UMAP or custom states: the panels are restored with
 *   reprojection switched off, so the stored coordinates are what shows. (The projector computes
 *   its own PCA once at start-up and marks it done, so it does not overwrite stored pca-* keys;
 *   its "variance described" caption still refers to its own PCA of the normalised vectors.)
 * - t-SNE: the view is drawn only when `tSNEIteration` > 0. Since TensorBoard 2.14 (PR #6320)
 *   loading a t-SNE state also *resumes* the projector's own t-SNE from the stored coordinates
 *   (restarting early exaggeration, on at most its 10,000-point sample) until the user presses
 *   Pause/Stop; older versions just show the stored layout. A 2-D layout given with any other
 *   method name is stored as a 'custom' projection, which the projector never recomputes.
 * - `tSNELearningRate` holds the exponent of the learning-rate slider (rate = 10^value, integers
 *   −3..2), not the rate; the perplexity slider runs 2..100.
 * - `filteredPoints`, `shuffledDataIndices` must be null (an empty array would filter the data
 *   to nothing / empty the sample); `selectedPoints` must be an array; `cameraDef` null lets the
 *   projector place the camera for 2-D or 3-D.
 * - The colour and label options name metadata columns; with single-column metadata that column
 *   is always called "label".
 * - Known wart: after loading a state, the points carry only that state's keys, so switching to
 *   another projection tab by hand can show nothing until another bookmark is chosen.
 */

/** Settings to show in the projector's panels; the projector's defaults otherwise. */
export interface ProjectionParams {
  perplexity?: number;
  /** The actual t-SNE learning rate; the projector's slider only offers powers of ten. */
  learningRate?: number;
  iterations?: number;
  neighbors?: number;
  minDist?: number;
}

export interface BookmarkProjection {
  name: string;
  method: 'tsne' | 'pca' | 'umap' | string;
  dims: 2 | 3;
  /** n × dims, row-major. */
  coords: Float32Array;
  params?: ProjectionParams;
}

export interface ProjectorBookmarksInput {
  n: number;
  d: number;
  projections: BookmarkProjection[];
  /** Metadata column to colour and label points by; "label" when omitted. */
  labelColumn?: string;
}

export type ProjectorProjectionType = 'tsne' | 'pca' | 'umap' | 'custom';

/** The projector's `State`, field for field. */
export interface ProjectorState {
  label: string;
  isSelected: boolean;
  selectedProjection: ProjectorProjectionType;
  dataSetDimensions: [number, number];
  tSNEIteration: number;
  tSNEPerplexity: number;
  tSNELearningRate: number;
  tSNEis3d: boolean;
  umapIs3d: boolean;
  umapNeighbors: number;
  umapMinDist: number;
  pcaComponentDimensions: number[];
  customSelectedSearchByMetadataOption: string;
  customXLeftText: string;
  customXLeftRegex: boolean;
  customXRightText: string;
  customXRightRegex: boolean;
  customYUpText: string;
  customYUpRegex: boolean;
  customYDownText: string;
  customYDownRegex: boolean;
  projections: Record<string, number>[];
  filteredPoints: null;
  selectedPoints: number[];
  shuffledDataIndices: null;
  cameraDef: null;
  selectedColorOptionName: string;
  forceCategoricalColoring: boolean;
  selectedLabelOption: string;
}

/** Significant digits kept, relative to the largest magnitude on each axis. */
const SIGNIFICANT_DIGITS = 5;
/** The projector's own defaults (projections panel), used for the panels a state does not set. */
const DEFAULT_PERPLEXITY = 30;
const DEFAULT_LEARNING_RATE = 10;
const DEFAULT_TSNE_ITERATIONS = 1000;
const DEFAULT_UMAP_NEIGHBORS = 15;
const DEFAULT_UMAP_MIN_DIST = 0.1;

function projectionType(method: string): ProjectorProjectionType {
  return method === 'tsne' || method === 'pca' || method === 'umap' ? method : 'custom';
}

function axisKeys(type: ProjectorProjectionType, dims: number): string[] {
  if (type === 'custom') return ['linear-x', 'linear-y'];
  return Array.from({ length: dims }, (_, k) => `${type}-${k}`);
}

/** Rounds one axis to SIGNIFICANT_DIGITS of its largest magnitude, which keeps 70,000 points compact. */
function roundedAxis(coords: Float32Array, dims: number, axis: number, name: string): number[] {
  const n = coords.length / dims;
  let largest = 0;
  for (let i = 0; i < n; i++) {
    const v = coords[i * dims + axis];
    if (!Number.isFinite(v)) throw new RangeError(`projection "${name}": point ${i} has coordinate ${v}`);
    largest = Math.max(largest, Math.abs(v));
  }
  const decimals = largest > 0 ? Math.min(100, Math.max(0, SIGNIFICANT_DIGITS - 1 - Math.floor(Math.log10(largest)))) : 0;
  return Array.from({ length: n }, (_, i) => Number(coords[i * dims + axis].toFixed(decimals)) || 0);
}

function learningRateExponent(rate: number): number {
  return Math.min(2, Math.max(-3, Math.round(Math.log10(rate))));
}

function bookmark(input: ProjectorBookmarksInput, projection: BookmarkProjection): ProjectorState {
  const { n, d } = input;
  const { name, dims, coords, params = {} } = projection;
  const type = projectionType(projection.method);
  if (dims !== 2 && dims !== 3) throw new RangeError(`projection "${name}": dims must be 2 or 3, got ${dims}`);
  if (type === 'custom' && dims !== 2) {
    throw new RangeError(`projection "${name}": method "${projection.method}" can only be shown in 2-D`);
  }
  if (coords.length !== n * dims) {
    throw new RangeError(`projection "${name}": expected ${n}×${dims} coordinates, got ${coords.length}`);
  }
  const keys = axisKeys(type, dims);
  const axes = keys.map((_, axis) => roundedAxis(coords, dims, axis, name));
  const points = Array.from({ length: n }, (_, i) => {
    const point: Record<string, number> = {};
    keys.forEach((key, axis) => (point[key] = axes[axis][i]));
    return point;
  });
  const labelColumn = input.labelColumn ?? 'label';
  // Parameters belong to their own method's panel; the other panels keep the projector's defaults.
  const tsne: ProjectionParams = type === 'tsne' ? params : {};
  const umap: ProjectionParams = type === 'umap' ? params : {};
  return {
    label: name,
    isSelected: false,
    selectedProjection: type,
    dataSetDimensions: [n, d],
    tSNEIteration: type === 'tsne' ? Math.max(1, tsne.iterations ?? DEFAULT_TSNE_ITERATIONS) : 0,
    tSNEPerplexity: tsne.perplexity ?? DEFAULT_PERPLEXITY,
    tSNELearningRate: learningRateExponent(tsne.learningRate ?? DEFAULT_LEARNING_RATE),
    tSNEis3d: type === 'tsne' ? dims === 3 : true,
    umapIs3d: type === 'umap' ? dims === 3 : true,
    umapNeighbors: umap.neighbors ?? DEFAULT_UMAP_NEIGHBORS,
    umapMinDist: umap.minDist ?? DEFAULT_UMAP_MIN_DIST,
    pcaComponentDimensions: type === 'pca' && dims === 2 ? [0, 1] : [0, 1, 2],
    customSelectedSearchByMetadataOption: labelColumn,
    customXLeftText: '',
    customXLeftRegex: false,
    customXRightText: '',
    customXRightRegex: false,
    customYUpText: '',
    customYUpRegex: false,
    customYDownText: '',
    customYDownRegex: false,
    projections: points,
    filteredPoints: null,
    selectedPoints: [],
    shuffledDataIndices: null,
    cameraDef: null,
    selectedColorOptionName: labelColumn,
    forceCategoricalColoring: false,
    selectedLabelOption: labelColumn,
  };
}

/** One saved state per projection, named after it; write them with JSON.stringify (no indent). */
export function projectorBookmarks(input: ProjectorBookmarksInput): ProjectorState[] {
  if (!Number.isInteger(input.n) || input.n < 1 || !Number.isInteger(input.d) || input.d < 1) {
    throw new RangeError(`n and d must be positive integers, got ${input.n} and ${input.d}`);
  }
  return input.projections.map((projection) => bookmark(input, projection));
}
