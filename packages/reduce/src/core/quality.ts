import { kdTreeKnn } from './kdTreeKnn';
import { exactKnn } from './knn';
import { sampleIndices, seededRandom } from './random';
import { squaredDistance } from './squaredDistance';
import { paddedRows, RowDistances } from './wasm/rowDistances';

/**
 * Share of points whose `k` nearest neighbours in the projection (self excluded) vote for the
 * point's own label. The vote is a plain majority; a tie goes to the tied label that occurs
 * nearest, i.e. first in the neighbour list (so with k = 1 this is 1-NN accuracy).
 */
export function knnLabelAccuracy(
  coords: Float32Array,
  dims: number,
  labels: ArrayLike<number>,
  k = 10,
): number {
  const n = labels.length;
  if (coords.length !== n * dims)
    throw new Error(`knnLabelAccuracy: ${coords.length} values for ${n} labels × ${dims} dims`);
  // k-d trees prune well only in a few dimensions; beyond that brute force is faster.
  const graph = dims <= 8 ? kdTreeKnn(coords, n, dims, k) : exactKnn(coords, n, dims, k);
  let correct = 0;
  for (let i = 0; i < n; i++) {
    if (majorityLabel(graph.indices, i * k, k, labels) === labels[i]) correct++;
  }
  return correct / n;
}

/** The most frequent label among `neighbours[base .. base+k)`, ties to the earliest. */
function majorityLabel(
  neighbours: Int32Array,
  base: number,
  k: number,
  labels: ArrayLike<number>,
): number {
  let best = labels[neighbours[base]];
  let bestCount = 0;
  for (let p = 0; p < k; p++) {
    const label = labels[neighbours[base + p]];
    let count = 0;
    for (let q = 0; q < k; q++) if (labels[neighbours[base + q]] === label) count++;
    // Strictly greater: an equal count found later belongs to a label whose first vote is farther.
    if (count > bestCount) {
      best = label;
      bestCount = count;
    }
  }
  return best;
}

export interface TrustworthinessOptions {
  /** Points whose neighbourhoods are checked (against all points). Default 1000; all when n is smaller. */
  sample?: number;
  /** Seed for choosing the sample. Default 0. */
  seed?: number;
}

/**
 * Trustworthiness (Venna & Kaski 2001): penalises points that are among a point's k nearest
 * neighbours in the projection but not in the original space, by how far down the original
 * ranking they sit:
 *
 *   T(k) = 1 − 2 / (n k (2n − 3k − 1)) · Σᵢ Σ_{j ∈ Uₖ(i)} (r(i, j) − k)
 *
 * with r(i, j) the rank of j among i's original-space neighbours (1 = nearest, distance ties
 * ordered by index). 1 means every projected neighbourhood is a true one; a random layout scores
 * about 0.5. For speed the sum runs over a seeded sample of i (each still ranked against all n
 * points) and is rescaled by n / sample; with sample ≥ n it is exact.
 */
export function trustworthiness(
  high: Float32Array,
  d: number,
  low: Float32Array,
  dims: number,
  k = 10,
  options: TrustworthinessOptions = {},
): number {
  const n = high.length / d;
  if (!Number.isInteger(n) || low.length !== n * dims)
    throw new Error('trustworthiness: high and low disagree on the number of points');
  if (k < 1 || 2 * n - 3 * k - 1 <= 0)
    throw new Error(`trustworthiness: k=${k} is too large for ${n} points`);
  const sample = sampleIndices(seededRandom(options.seed ?? 0), n, options.sample ?? 1000);

  const highDist = new Float64Array(SAMPLE_CHUNK * n);
  const lowDist = new Float64Array(n);
  const padded = paddedRows(high, n, d);
  const kernel = new RowDistances(padded.rows, n, padded.stride, SAMPLE_CHUNK * HIGH_BLOCK);
  let penalty = 0;
  for (let c = 0; c < sample.length; c += SAMPLE_CHUNK) {
    const chunk = sample.subarray(c, c + SAMPLE_CHUNK);
    squaredDistancesFrom(kernel, n, chunk, highDist);
    chunk.forEach((i, b) => {
      lowDistancesFrom(low, dims, n, i, lowDist);
      penalty += rankPenalty(i, nearestRows(lowDist, i, k), highDist.subarray(b * n, b * n + n), k);
    });
  }
  const scale = (2 / (n * k * (2 * n - 3 * k - 1))) * (n / sample.length);
  return 1 - scale * penalty;
}

/** Sample rows measured per pass over the data, so each data row is loaded once per chunk. */
const SAMPLE_CHUNK = 8;
/** Data rows per call of the distance kernel (with SAMPLE_CHUNK pairs each). */
const HIGH_BLOCK = 4096;

/**
 * Squared distances from each of `from` to all n rows of the kernel, row b of `out` (length n)
 * for `from[b]`, in WebAssembly SIMD: the same bits as `squaredDistance` in JS when d is a
 * multiple of 4 (as the 64-value codes; the kernel keeps its order of sums), else the padded
 * tail's values are summed in other lanes than JS's, a difference in the last bits. On the 70,000 Fashion-MNIST codes (64 values) and their 3-D PCA, the
 * 1,000-point sample took 8.6 and 10.3 CPU s with the JS loops and 5.5 and 5.4 with this and
 * `lowDistancesFrom`, alternately (load 7–8 on 2 cores), the same value to the last bit. Every
 * reduce stage measures it, so a 70,000-image pipeline pays it three times.
 */
function squaredDistancesFrom(
  kernel: RowDistances,
  n: number,
  from: Int32Array,
  out: Float64Array,
): void {
  const { pairs, out: results } = kernel;
  for (let j0 = 0; j0 < n; j0 += HIGH_BLOCK) {
    const j1 = Math.min(n, j0 + HIGH_BLOCK);
    let c = 0;
    for (let j = j0; j < j1; j++)
      for (let b = 0; b < from.length; b++, c++) {
        pairs[2 * c] = from[b];
        pairs[2 * c + 1] = j;
      }
    kernel.squaredDistances(c);
    c = 0;
    for (let j = j0; j < j1; j++)
      for (let b = 0; b < from.length; b++, c++) out[b * n + j] = results[c];
  }
}

/**
 * Squared distances from row `i` of the projection to all n rows, into `out`: summed in
 * `squaredDistance`'s order (its tail loop, for 2 or 3 values), in half its time (one call per
 * row measured 2.8 of 14 s of profile samples at 70,000 points).
 */
function lowDistancesFrom(
  low: Float32Array,
  dims: number,
  n: number,
  i: number,
  out: Float64Array,
): void {
  const at = i * dims;
  if (dims === 2) {
    const x = low[at];
    const y = low[at + 1];
    for (let j = 0; j < n; j++) {
      const dx = x - low[2 * j];
      const dy = y - low[2 * j + 1];
      out[j] = dx * dx + dy * dy;
    }
  } else if (dims === 3) {
    const x = low[at];
    const y = low[at + 1];
    const z = low[at + 2];
    for (let j = 0; j < n; j++) {
      const dx = x - low[3 * j];
      const dy = y - low[3 * j + 1];
      const dz = z - low[3 * j + 2];
      out[j] = dx * dx + dy * dy + dz * dz;
    }
  } else {
    for (let j = 0; j < n; j++) out[j] = squaredDistance(low, at, j * dims, dims);
  }
}

/** "m comes before j in i's ranking": nearer, or equally near with the smaller index. */
function ranksBefore(dist: Float64Array, m: number, j: number): boolean {
  return dist[m] < dist[j] || (dist[m] === dist[j] && m < j);
}

/** The k rows nearest to `i` by `dist`, excluding i. */
function nearestRows(dist: Float64Array, i: number, k: number): Int32Array {
  const best = new Int32Array(k).fill(-1);
  let filled = 0;
  for (let j = 0; j < dist.length; j++) {
    if (j === i) continue;
    if (filled === k && !ranksBefore(dist, j, best[k - 1])) continue;
    let p = filled < k ? filled++ : k - 1;
    while (p > 0 && ranksBefore(dist, j, best[p - 1])) {
      best[p] = best[p - 1];
      p--;
    }
    best[p] = j;
  }
  return best;
}

/**
 * Σ (r(i, j) − k) over the projected neighbours j whose original rank r(i, j) exceeds k. All
 * ranks come from one pass; rows farther than every projected neighbour are skipped at once.
 */
function rankPenalty(i: number, projected: Int32Array, highDist: Float64Array, k: number): number {
  const ranks = new Int32Array(projected.length).fill(1);
  let farthest = 0;
  for (const j of projected) farthest = Math.max(farthest, highDist[j]);
  for (let m = 0; m < highDist.length; m++) {
    if (highDist[m] > farthest || m === i) continue;
    for (let p = 0; p < projected.length; p++)
      if (ranksBefore(highDist, m, projected[p])) ranks[p]++;
  }
  let penalty = 0;
  for (const rank of ranks) if (rank > k) penalty += rank - k;
  return penalty;
}
