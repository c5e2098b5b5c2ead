import { SharedArena, type NeighborList } from '@latentlens/data';
import { nearestNeighbors } from './knn';
import { seededRandom } from './random';
import { plainMemory } from './memory';
import type { SparseRows } from './sparseRows';
import { fitCurve } from './umap/curve';
import { fuzzySimplicialSet } from './umap/fuzzyGraph';
import { umapStart, type UmapInit } from './umap/init';
import { layoutEdges, shapeOf, UmapLayout, type LayoutShape } from './umap/layout';
import { umapJsWithGraph } from './umap/umapJsWithGraph';
import { sharedMemory, type SharedWasmMemory } from './wasm/module';

export type { UmapInit } from './umap/init';

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
  /** Negative samples per sample of an edge. Default 5. */
  negativeSampleRate?: number;
  /** Initial step of the descent, decayed linearly to 0 over the epochs. Default 1. */
  learningRate?: number;
  /**
   * The layout optimiser: `latentlens` (ours, default; see umap/layout.ts) or `umap-js` (its
   * random start and descent, the reference).
   */
  engine?: 'latentlens' | 'umap-js';
  /** Initial layout of the latentlens engine (see umap/init.ts). Default `spectral`. */
  init?: UmapInit;
  /** Seed of every random choice (kNN, initial layout, negative sampling). Default 0. */
  seed?: number;
  /** A precomputed kNN graph (self excluded) with at least `neighbors - 1` neighbours per row. */
  graph?: NeighborList;
}

export interface UmapResult {
  /** `n * dims` coordinates, row-major. */
  coords: Float32Array;
  dims: number;
}

export interface UmapProgress {
  phase: 'neighbors' | 'graph' | 'init' | 'optimize';
  epoch?: number;
  epochs?: number;
  /** Said once, e.g. why the start differs from the one asked for. */
  note?: string;
}

/** Every option resolved and checked. */
export interface UmapSettings {
  dims: 2 | 3;
  neighbors: number;
  minDist: number;
  spread: number;
  epochs: number;
  negativeSampleRate: number;
  learningRate: number;
  engine: 'latentlens' | 'umap-js';
  /** The latentlens engine's start (umap-js always starts at random). */
  init: UmapInit;
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
  const negativeSampleRate = options.negativeSampleRate ?? 5;
  const learningRate = options.learningRate ?? 1;
  if (!Number.isInteger(negativeSampleRate) || negativeSampleRate < 1)
    throw new Error(
      `umapEmbed: negativeSampleRate must be a positive integer, got ${negativeSampleRate}`,
    );
  if (!(learningRate > 0))
    throw new Error(`umapEmbed: learningRate must be positive, got ${learningRate}`);
  const engine = options.engine ?? 'latentlens';
  if (engine !== 'latentlens' && engine !== 'umap-js')
    throw new Error(`umapEmbed: engine must be latentlens or umap-js, got ${engine}`);
  if (engine === 'umap-js' && options.init !== undefined)
    throw new Error(
      'umapEmbed: init applies to engine latentlens; umap-js always starts from its own random layout',
    );
  const init = options.init ?? 'spectral';
  if (!['spectral', 'pca', 'random'].includes(init))
    throw new Error(`umapEmbed: init must be spectral, pca or random, got ${init}`);
  return {
    dims,
    neighbors,
    minDist,
    spread,
    epochs,
    negativeSampleRate,
    learningRate,
    engine,
    init,
    seed: options.seed ?? 0,
  };
}

/**
 * UMAP (McInnes, Healy & Melville 2018) on our neighbours (`nearestNeighbors`, or
 * `options.graph`) and our typed-array fuzzy simplicial set, laid out by our engine
 * (umap/layout.ts: umap-js's stochastic descent on typed arrays, from a spectral, PCA or random
 * start) or by umap-js itself. `umapEmbedParallel` runs the neighbours and our engine on worker
 * threads, with the same result.
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
  const fuzzy = umapGraph(graph, n, settings, onProgress);
  if (settings.engine === 'umap-js') return umapJsLayout(fuzzy, settings, onProgress);
  const edges = layoutEdges(fuzzy, settings.epochs);
  const shape = shapeOf(edges);
  const layout = layoutOf(shape, settings, layoutMemory(shape, settings));
  layout.start(umapStartLayout(fuzzy, data, d, settings, onProgress), edges);
  layout.optimize(undefined, (epoch) =>
    onProgress?.({ phase: 'optimize', epoch, epochs: settings.epochs }),
  );
  return { coords: layout.coords.slice(), dims: settings.dims };
}

export function checkUmapInput(data: Float32Array, n: number, d: number): void {
  if (data.length !== n * d)
    throw new Error(`umapEmbed: expected ${n * d} values, got ${data.length}`);
}

/** The fuzzy simplicial set of the neighbour graph of the `n` rows. */
export function umapGraph(
  graph: NeighborList,
  n: number,
  s: UmapSettings,
  onProgress?: (p: UmapProgress) => void,
): SparseRows {
  if (graph.n !== n)
    throw new Error(
      `umapEmbed: the graph has ${graph.n} rows but the data ${n}; pass the graph of this data`,
    );
  if (graph.k < s.neighbors - 1) {
    throw new Error(
      `umapEmbed: graph has ${graph.n} rows × ${graph.k} neighbours; need ${graph.n} × ${s.neighbors - 1}`,
    );
  }
  onProgress?.({ phase: 'graph' });
  return fuzzySimplicialSet(graph, s.neighbors);
}

/** Our engine's start (see umap/init.ts), with a note in the progress when it fell back. */
export function umapStartLayout(
  fuzzy: SparseRows,
  data: Float32Array,
  d: number,
  s: UmapSettings,
  onProgress?: (p: UmapProgress) => void,
): Float32Array {
  onProgress?.({ phase: 'init' });
  const start = umapStart(s.init, fuzzy, data, d, s.dims, seededRandom(s.seed));
  if (start.note !== undefined) onProgress?.({ phase: 'init', note: start.note });
  return start.coords;
}

/**
 * Our engine's layout of `shape` in `memory`, a shared WebAssembly memory from `layoutMemory`
 * (every thread builds its own over the same memory, and runs the 2-D descent in WebAssembly),
 * or, given null, in plain memory with the JS loops only.
 */
export function layoutOf(
  shape: LayoutShape,
  s: UmapSettings,
  memory: SharedWasmMemory | null,
): UmapLayout {
  const { a, b } = fitCurve(s.spread, s.minDist);
  const arena = memory === null ? plainMemory : new SharedArena(memory.buffer);
  return new UmapLayout(shape, { ...s, a, b }, arena, memory);
}

/** A shared WebAssembly memory just big enough for a layout of `shape`. */
export function layoutMemory(shape: LayoutShape, s: UmapSettings) {
  return sharedMemory(
    SharedArena.bytesFor((arena) => new UmapLayout(shape, { ...s, a: 1, b: 1 }, arena, null)),
  );
}

/** umap-js's random start and descent on `fuzzy`, epoch by epoch. */
export function umapJsLayout(
  fuzzy: SparseRows,
  s: UmapSettings,
  onProgress?: (p: UmapProgress) => void,
): UmapResult {
  const umap = umapJsWithGraph(fuzzy, s, seededRandom(s.seed));
  for (let epoch = 1; epoch <= s.epochs; epoch++) {
    umap.step();
    onProgress?.({ phase: 'optimize', epoch, epochs: s.epochs });
  }
  const embedding = umap.getEmbedding();
  const coords = new Float32Array(fuzzy.n * s.dims);
  for (let i = 0; i < fuzzy.n; i++)
    for (let c = 0; c < s.dims; c++) coords[i * s.dims + c] = embedding[i][c];
  return { coords, dims: s.dims };
}
