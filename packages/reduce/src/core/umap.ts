import { UMAP } from 'umap-js';
import { NeighborGraph, nearestNeighbors } from './knn';
import { seededRandom } from './random';

export interface UmapOptions {
  /** Output dimensions. Default 2. */
  dims?: 2 | 3;
  /** Size of the local neighbourhood, counting the point itself as umap-learn does. Default 15. */
  neighbors?: number;
  /** Minimum distance between embedded points. Default 0.1. */
  minDist?: number;
  /** Scale of embedded distances. Default 1. */
  spread?: number;
  /** Optimisation epochs. Default: umap-js's choice (500 up to 2,500 rows, down to 200 above 7,500). */
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

/** Called after every epoch. */
export type UmapProgress = (epoch: number, totalEpochs: number) => void;

/**
 * UMAP through `umap-js`, fed with our own nearest-neighbour graph (its built-in NN-descent is
 * slow) and a seeded random source, so the same seed gives the same bytes.
 */
export function umapEmbed(
  data: Float32Array,
  n: number,
  d: number,
  options: UmapOptions = {},
  onProgress?: UmapProgress,
): UmapResult {
  if (data.length !== n * d)
    throw new Error(`umapEmbed: expected ${n * d} values, got ${data.length}`);
  const dims = options.dims ?? 2;
  const neighbors = options.neighbors ?? 15;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(neighbors) || neighbors < 2 || neighbors > n - 1) {
    throw new Error(`umapEmbed: neighbors must be an integer in 2..${n - 1}, got ${neighbors}`);
  }
  const graph =
    options.graph ?? nearestNeighbors(data, n, d, neighbors - 1, { method: 'auto', seed });
  if (graph.n !== n || graph.k < neighbors - 1) {
    throw new Error(
      `umapEmbed: graph has ${graph.n} rows × ${graph.k} neighbours; need ${n} × ${neighbors - 1}`,
    );
  }

  const umap = new UMAP({
    nComponents: dims,
    nNeighbors: neighbors,
    minDist: options.minDist ?? 0.1,
    spread: options.spread ?? 1,
    nEpochs: options.epochs,
    random: seededRandom(seed),
  });
  const { indices, distances } = withSelfFirst(graph, neighbors);
  umap.setPrecomputedKNN(indices, distances);
  const rows = Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * d, i * d + d)));
  const totalEpochs = umap.initializeFit(rows);
  for (let epoch = 0; epoch < totalEpochs; epoch++) {
    umap.step();
    onProgress?.(epoch + 1, totalEpochs);
  }

  const embedding = umap.getEmbedding();
  const coords = new Float32Array(n * dims);
  for (let i = 0; i < n; i++) for (let c = 0; c < dims; c++) coords[i * dims + c] = embedding[i][c];
  return { coords, dims };
}

/**
 * umap-js, like umap-learn, expects each row's list to start with the point itself at distance 0
 * (its smoothing skips entry 0 and its membership strengths give self a weight of 0), followed
 * by `neighbors - 1` true neighbours.
 */
function withSelfFirst(
  graph: NeighborGraph,
  neighbors: number,
): { indices: number[][]; distances: number[][] } {
  const indices: number[][] = [];
  const distances: number[][] = [];
  for (let i = 0; i < graph.n; i++) {
    const base = i * graph.k;
    const rowIndices = [i];
    const rowDistances = [0];
    for (let p = 0; p < neighbors - 1; p++) {
      rowIndices.push(graph.indices[base + p]);
      rowDistances.push(graph.distances[base + p]);
    }
    indices.push(rowIndices);
    distances.push(rowDistances);
  }
  return { indices, distances };
}
