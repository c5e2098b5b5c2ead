import { nearestNeighbors } from '../knn';
import { pcaEmbed } from '../pca';
import { seededRandom } from '../random';
import { tsneAffinities, upperTriangle, type SparseAffinities } from './affinities';
import { attractiveForces } from './gradient';
import { exactNormalization, klDivergenceGivenNormalization, klEvaluator } from './kl';
import { gaussianSource } from './random';
import { breadthFirstRank, permuteAffinities } from './locality';
import { BarnesHutRepulsion } from './repulsion';
import type { TsneOptions, TsneProgress, TsneResult } from './types';

/** Up to this many points the final KL uses the exact O(n²) normalisation of Q. */
const EXACT_KL_MAX_POINTS = 10_000;
const PROGRESS_EVERY = 50;
const INITIAL_STD = 1e-4;

interface Settings {
  dims: 2 | 3;
  perplexity: number;
  learningRate: number;
  iterations: number;
  earlyExaggeration: number;
  earlyExaggerationIterations: number;
  theta: number;
  init: 'pca' | 'random';
  seed: number;
}

/**
 * Barnes-Hut t-SNE (van der Maaten 2014) of `n` rows of `d` values: sparse kNN affinities at the
 * given perplexity, then gradient descent with momentum, gains and early exaggeration.
 */
export function tsneEmbed(
  data: Float32Array,
  n: number,
  d: number,
  options: TsneOptions = {},
  onProgress?: (p: TsneProgress) => void,
): TsneResult {
  if (data.length !== n * d)
    throw new Error(`tsneEmbed: expected ${n * d} values, got ${data.length}`);
  if (n < 2) throw new Error(`tsneEmbed: needs at least 2 rows, got ${n}`);
  const s = resolveSettings(options, n);
  const k = Math.min(n - 1, Math.floor(3 * s.perplexity));

  onProgress?.({ phase: 'neighbors' });
  // The kNN module decides exact or approximate by size; a caller may bring its own graph.
  const graph =
    options.neighbors ?? nearestNeighbors(data, n, d, k, { method: 'auto', seed: s.seed });
  if (graph.n !== n)
    throw new Error(`tsneEmbed: neighbour graph has ${graph.n} rows, data has ${n}`);
  if (graph.k < k)
    throw new Error(
      `tsneEmbed: perplexity ${s.perplexity} needs k >= ${k} neighbours, got ${graph.k}`,
    );

  onProgress?.({ phase: 'affinities' });
  const P = tsneAffinities(graph, s.perplexity);

  // The optimisation runs on points renumbered for memory locality; results go back in input order.
  const rank = breadthFirstRank(P);
  const localP = permuteAffinities(P, rank);
  const start = initialLayout(data, n, d, s);
  const dims = s.dims;
  const coords = new Float64Array(n * dims);
  for (let i = 0; i < n; i++)
    for (let t = 0; t < dims; t++) coords[rank[i] * dims + t] = start[i * dims + t];

  const repulsion = new BarnesHutRepulsion(n, dims, s.theta);
  optimize(localP, coords, s, repulsion, onProgress);

  const z =
    n <= EXACT_KL_MAX_POINTS
      ? exactNormalization(coords, n, dims)
      : repulsion.forces(coords, new Float64Array(n * dims));
  const result = new Float32Array(n * dims);
  for (let i = 0; i < n; i++)
    for (let t = 0; t < dims; t++) result[i * dims + t] = coords[rank[i] * dims + t];
  return {
    coords: result,
    dims,
    kl: klDivergenceGivenNormalization(localP, coords, dims, z),
    iterations: s.iterations,
  };
}

function resolveSettings(o: TsneOptions, n: number): Settings {
  const dims = o.dims ?? 2;
  const perplexity = o.perplexity ?? 25;
  const iterations = o.iterations ?? 1000;
  const earlyExaggeration = o.earlyExaggeration ?? 12;
  const earlyExaggerationIterations = o.earlyExaggerationIterations ?? 250;
  const theta = o.theta ?? 0.5;
  const rate = o.learningRate ?? 'auto';
  const learningRate = rate === 'auto' ? Math.max(n / earlyExaggeration, 50) : rate;
  if (dims !== 2 && dims !== 3) throw new Error(`tsneEmbed: dims must be 2 or 3, got ${dims}`);
  if (!(perplexity > 0))
    throw new Error(`tsneEmbed: perplexity must be positive, got ${perplexity}`);
  if (!Number.isInteger(iterations) || iterations < 0)
    throw new Error(`tsneEmbed: bad iterations ${iterations}`);
  if (!(learningRate > 0))
    throw new Error(`tsneEmbed: learningRate must be positive, got ${learningRate}`);
  if (!(earlyExaggeration > 0))
    throw new Error(`tsneEmbed: bad earlyExaggeration ${earlyExaggeration}`);
  if (!(theta >= 0)) throw new Error(`tsneEmbed: theta must be >= 0, got ${theta}`);
  return {
    dims,
    perplexity,
    learningRate,
    iterations,
    earlyExaggeration,
    earlyExaggerationIterations,
    theta,
    init: o.init ?? 'pca',
    seed: o.seed ?? 0,
  };
}

/** PCA or Gaussian start, scaled so the first coordinate has standard deviation 1e-4 (as openTSNE). */
function initialLayout(data: Float32Array, n: number, d: number, s: Settings): Float64Array {
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

/** Gradient descent with momentum and per-coordinate gains (Jacobs 1988, as in bhtsne). */
function optimize(
  P: SparseAffinities,
  coords: Float64Array,
  s: Settings,
  repulsion: BarnesHutRepulsion,
  onProgress?: (p: TsneProgress) => void,
): void {
  const { n } = P;
  const dims = s.dims;
  const len = n * dims;
  const upper = upperTriangle(P);
  const progressKl = onProgress ? klEvaluator(upper, dims) : undefined;
  const attract = new Float64Array(len);
  const repel = new Float64Array(len);
  const update = new Float64Array(len);
  const gains = new Float64Array(len).fill(1);
  for (let it = 0; it < s.iterations; it++) {
    const early = it < s.earlyExaggerationIterations;
    const exaggeration = early ? s.earlyExaggeration : 1;
    const momentum = early ? 0.5 : 0.8;
    attractiveForces(upper, coords, dims, exaggeration, attract);
    const z = repulsion.forces(coords, repel);
    if (onProgress && progressKl && ((it + 1) % PROGRESS_EVERY === 0 || it + 1 === s.iterations)) {
      onProgress({
        phase: 'optimize',
        iteration: it + 1,
        iterations: s.iterations,
        kl: progressKl(coords, z),
      });
    }
    const invZ = 1 / z;
    for (let c = 0; c < len; c++) {
      const grad = attract[c] - repel[c] * invZ;
      // Grow the step while the gradient keeps pointing the way the point is already moving.
      const gain = grad * update[c] < 0 ? gains[c] + 0.2 : gains[c] * 0.8;
      gains[c] = gain < 0.01 ? 0.01 : gain;
      update[c] = momentum * update[c] - s.learningRate * gains[c] * grad;
      coords[c] += update[c];
    }
    recentre(coords, n, dims);
  }
}

function recentre(coords: Float64Array, n: number, dims: number): void {
  for (let t = 0; t < dims; t++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += coords[i * dims + t];
    mean /= n;
    for (let i = 0; i < n; i++) coords[i * dims + t] -= mean;
  }
}
