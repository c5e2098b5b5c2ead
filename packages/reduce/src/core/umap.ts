import { nearestNeighbors, type NeighborGraph } from './knn';
import { seededRandom } from './random';
import { fuzzySimplicialSet } from './umap/fuzzyGraph';
import { umapJsWithGraph } from './umap/umapJsWithGraph';

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
  const minDist = options.minDist ?? 0.1;
  const spread = options.spread ?? 1;
  if (!(spread > 0)) throw new Error(`umapEmbed: spread must be positive, got ${spread}`);
  if (!(minDist >= 0 && minDist <= spread))
    throw new Error(`umapEmbed: minDist must be in 0..spread (${spread}), got ${minDist}`);
  return {
    dims,
    neighbors,
    minDist,
    spread,
    epochs,
    seed: options.seed ?? 0,
  };
}

/**
 * UMAP (McInnes, Healy & Melville 2018) by umap-js: its random initial layout and stochastic
 * descent with negative sampling, fed our neighbours (`nearestNeighbors`, or `options.graph`)
 * and our typed-array fuzzy simplicial set, the two steps where umap-js is slow and large.
 * `umapEmbedParallel` finds the neighbours on worker threads, with the same result.
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
  if (graph.n !== n)
    throw new Error(
      `umapEmbed: the graph has ${graph.n} rows but the data ${n}; pass the graph of this data`,
    );
  return umapLayout(graph, settings, onProgress);
}

export function checkUmapInput(data: Float32Array, n: number, d: number): void {
  if (data.length !== n * d)
    throw new Error(`umapEmbed: expected ${n * d} values, got ${data.length}`);
}

/** Everything after the neighbours: fuzzy set, then umap-js's layout, epoch by epoch. */
export function umapLayout(
  graph: NeighborGraph,
  s: UmapSettings,
  onProgress?: (p: UmapProgress) => void,
): UmapResult {
  if (graph.k < s.neighbors - 1) {
    throw new Error(
      `umapEmbed: graph has ${graph.n} rows × ${graph.k} neighbours; need ${graph.n} × ${s.neighbors - 1}`,
    );
  }
  onProgress?.({ phase: 'graph' });
  const fuzzy = fuzzySimplicialSet(graph, s.neighbors);
  const umap = umapJsWithGraph(fuzzy, s, seededRandom(s.seed));
  for (let epoch = 1; epoch <= s.epochs; epoch++) {
    umap.step();
    onProgress?.({ phase: 'optimize', epoch, epochs: s.epochs });
  }
  const embedding = umap.getEmbedding();
  const coords = new Float32Array(graph.n * s.dims);
  for (let i = 0; i < graph.n; i++)
    for (let c = 0; c < s.dims; c++) coords[i * s.dims + c] = embedding[i][c];
  return { coords, dims: s.dims };
}
