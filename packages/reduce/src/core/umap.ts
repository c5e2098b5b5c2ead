import { nearestNeighbors, type NeighborGraph } from './knn';
import { pcaEmbed } from './pca';
import { seededRandom, type RandomSource } from './random';
import { gaussianSource } from './tsne/random';
import { fitCurve } from './umap/curve';
import { fuzzySimplicialSet } from './umap/fuzzyGraph';
import { optimizeLayout, sampledEdges } from './umap/layout';

export interface UmapOptions {
  /** Output dimensions. Default 2. */
  dims?: 2 | 3;
  /** Size of the local neighbourhood, counting the point itself as umap-learn does. Default 15. */
  neighbors?: number;
  /** Minimum distance between embedded points. Default 0.1. */
  minDist?: number;
  /** Scale of embedded distances. Default 1. */
  spread?: number;
  /** Optimisation epochs. Default as umap-learn: 500, or 200 above 10,000 rows. */
  epochs?: number;
  /**
   * Initial layout (default 'pca'): the data's principal components, or uniform random in
   * [-10, 10] as umap-js starts.
   */
  init?: 'pca' | 'random';
  /** Seed of every random choice (kNN, initial layout, negative sampling). Default 0. */
  seed?: number;
  /** A precomputed kNN graph (self excluded) with at least `neighbors - 1` neighbours per row. */
  graph?: NeighborGraph;
}

export interface UmapResult {
  /** `n * dims` coordinates, row-major. */
  coords: Float32Array;
  dims: number;
}

export interface UmapProgress {
  phase: 'neighbors' | 'graph' | 'optimize';
  epoch?: number;
  epochs?: number;
}

/** Every option resolved and checked. */
export interface UmapSettings {
  dims: 2 | 3;
  neighbors: number;
  minDist: number;
  spread: number;
  epochs: number;
  init: 'pca' | 'random';
  seed: number;
}

export function resolveUmapSettings(options: UmapOptions, n: number): UmapSettings {
  const dims = options.dims ?? 2;
  const neighbors = options.neighbors ?? 15;
  const epochs = options.epochs ?? (n > 10_000 ? 200 : 500);
  if (dims !== 2 && dims !== 3) throw new Error(`umapEmbed: dims must be 2 or 3, got ${dims}`);
  if (!Number.isInteger(neighbors) || neighbors < 2 || neighbors > n - 1)
    throw new Error(`umapEmbed: neighbors must be an integer in 2..${n - 1}, got ${neighbors}`);
  if (!Number.isInteger(epochs) || epochs < 1)
    throw new Error(`umapEmbed: epochs must be a positive integer, got ${epochs}`);
  return {
    dims,
    neighbors,
    minDist: options.minDist ?? 0.1,
    spread: options.spread ?? 1,
    epochs,
    init: options.init ?? 'pca',
    seed: options.seed ?? 0,
  };
}

/**
 * UMAP (McInnes, Healy & Melville 2018) as umap-learn computes it, in typed arrays: the fuzzy
 * simplicial set of the kNN graph, then stochastic gradient descent with negative sampling. The
 * neighbours come from `nearestNeighbors` (or `options.graph`); `umapEmbedParallel` finds them
 * on worker threads, with the same result.
 */
export function umapEmbed(
  data: Float32Array,
  n: number,
  d: number,
  options: UmapOptions = {},
  onProgress?: (p: UmapProgress) => void,
): UmapResult {
  checkUmapInput(data, n, d);
  const settings = resolveUmapSettings(options, n);
  onProgress?.({ phase: 'neighbors' });
  const graph =
    options.graph ??
    nearestNeighbors(data, n, d, settings.neighbors - 1, { method: 'auto', seed: settings.seed });
  return umapLayout(data, n, d, graph, settings, onProgress);
}

export function checkUmapInput(data: Float32Array, n: number, d: number): void {
  if (data.length !== n * d)
    throw new Error(`umapEmbed: expected ${n * d} values, got ${data.length}`);
}

/** Everything after the neighbours: fuzzy set, initial layout, optimisation. */
export function umapLayout(
  data: Float32Array,
  n: number,
  d: number,
  graph: NeighborGraph,
  s: UmapSettings,
  onProgress?: (p: UmapProgress) => void,
): UmapResult {
  if (graph.n !== n || graph.k < s.neighbors - 1) {
    throw new Error(
      `umapEmbed: graph has ${graph.n} rows × ${graph.k} neighbours; need ${n} × ${s.neighbors - 1}`,
    );
  }
  onProgress?.({ phase: 'graph' });
  const edges = sampledEdges(fuzzySimplicialSet(graph, s.neighbors), s.epochs);
  const random = seededRandom(s.seed);
  const coords = initialLayout(data, n, d, s, random);
  optimizeLayout(coords, s.dims, edges, s.epochs, fitCurve(s.spread, s.minDist), random, (epoch) =>
    onProgress?.({ phase: 'optimize', epoch, epochs: s.epochs }),
  );
  return { coords: Float32Array.from(coords), dims: s.dims };
}

/**
 * Principal components scaled to at most 10 in absolute value plus a little noise (umap-learn's
 * 'pca' start), or uniform in [-10, 10]; then, as umap-learn, each axis rescaled to [0, 10].
 */
function initialLayout(
  data: Float32Array,
  n: number,
  d: number,
  s: UmapSettings,
  random: RandomSource,
): Float64Array {
  const dims = s.dims;
  const coords = new Float64Array(n * dims);
  if (s.init === 'pca' && d >= dims) {
    const pca = pcaEmbed(data, n, d, { dims }).coords;
    let largest = 0;
    for (let c = 0; c < pca.length; c++) largest = Math.max(largest, Math.abs(pca[c]));
    const scale = largest > 0 ? 10 / largest : 1;
    const gauss = gaussianSource(random);
    for (let c = 0; c < pca.length; c++) coords[c] = pca[c] * scale + 1e-4 * gauss();
  } else {
    for (let c = 0; c < coords.length; c++) coords[c] = 20 * random() - 10;
  }
  for (let t = 0; t < dims; t++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      lo = Math.min(lo, coords[i * dims + t]);
      hi = Math.max(hi, coords[i * dims + t]);
    }
    const scale = hi > lo ? 10 / (hi - lo) : 1;
    for (let i = 0; i < n; i++) coords[i * dims + t] = (coords[i * dims + t] - lo) * scale;
  }
  return coords;
}
