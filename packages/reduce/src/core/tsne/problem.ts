import type { NeighborList } from '@latentlens/data';
import { pcaEmbed } from '../pca';
import { seededRandom } from '../random';
import { tsneAffinities, type SparseAffinities } from './affinities';
import { exactNormalization, klDivergenceGivenNormalization } from './kl';
import { breadthFirstRank, permuteAffinities } from './locality';
import { gaussianSource } from './random';
import { BarnesHutRepulsion } from './repulsion';
import { tsneNeighborCount, type TsneSettings } from './settings';
import type { TsneProgress, TsneResult } from './types';

/** Up to this many points the final KL uses the exact O(n²) normalisation of Q. */
const EXACT_KL_MAX_POINTS = 10_000;
const INITIAL_STD = 1e-4;

/**
 * A t-SNE run ready to optimise. The points are renumbered for memory locality (`rank[i]` = the
 * position of input row i): `P` and `start` are in that order.
 */
export interface TsneProblem {
  n: number;
  settings: TsneSettings;
  P: SparseAffinities;
  /** Initial layout, `n * dims` values. */
  start: Float64Array;
  rank: Int32Array;
}

/** Affinities from the neighbour graph, the renumbering, and the initial layout. */
export function prepareTsne(
  data: Float32Array,
  n: number,
  d: number,
  graph: NeighborList,
  settings: TsneSettings,
  onProgress?: (p: TsneProgress) => void,
): TsneProblem {
  const k = tsneNeighborCount(settings, n);
  if (graph.n !== n)
    throw new Error(`tsneEmbed: neighbour graph has ${graph.n} rows, data has ${n}`);
  if (graph.k < k)
    throw new Error(
      `tsneEmbed: perplexity ${settings.perplexity} needs k >= ${k} neighbours, got ${graph.k}`,
    );
  onProgress?.({ phase: 'affinities' });
  const inputP = tsneAffinities(graph, settings.perplexity);
  const rank = breadthFirstRank(inputP);
  const dims = settings.dims;
  const layout = initialLayout(data, n, d, settings);
  const start = new Float64Array(n * dims);
  for (let i = 0; i < n; i++)
    for (let t = 0; t < dims; t++) start[rank[i] * dims + t] = layout[i * dims + t];
  return { n, settings, P: permuteAffinities(inputP, rank), start, rank };
}

/** The result in input row order, with the final KL divergence of the optimised `coords`. */
export function finishTsne(problem: TsneProblem, coords: Float64Array): TsneResult {
  const { n, settings, P, rank } = problem;
  const dims = settings.dims;
  const z =
    n <= EXACT_KL_MAX_POINTS
      ? exactNormalization(coords, n, dims)
      : new BarnesHutRepulsion(n, dims, settings.theta).forces(coords, new Float64Array(n * dims));
  const result = new Float32Array(n * dims);
  for (let i = 0; i < n; i++)
    for (let t = 0; t < dims; t++) result[i * dims + t] = coords[rank[i] * dims + t];
  return {
    coords: result,
    dims,
    kl: klDivergenceGivenNormalization(P, coords, dims, z),
    iterations: settings.iterations,
  };
}

/** PCA or Gaussian start, scaled so the first coordinate has standard deviation 1e-4 (as openTSNE). */
function initialLayout(data: Float32Array, n: number, d: number, s: TsneSettings): Float64Array {
  const dims = s.dims;
  const coords = new Float64Array(n * dims);
  if (s.init === 'pca' && d >= dims) {
    coords.set(pcaEmbed(data, n, d, { dims }).coords);
  } else {
    const gauss = gaussianSource(seededRandom(s.seed));
    for (let i = 0; i < coords.length; i++) coords[i] = gauss();
  }
  let mean = 0;
  for (let i = 0; i < n; i++) mean += coords[i * dims];
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (coords[i * dims] - mean) ** 2;
  const std = Math.sqrt(variance / n);
  const scale = std > 0 ? INITIAL_STD / std : INITIAL_STD;
  for (let i = 0; i < coords.length; i++) coords[i] *= scale;
  return coords;
}
