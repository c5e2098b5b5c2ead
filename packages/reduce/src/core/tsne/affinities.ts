import type { NeighborGraph } from '../knn';

/** Symmetric input affinities P in compressed sparse rows; the values of all rows sum to 1. */
export interface SparseAffinities {
  n: number;
  /** `n + 1` offsets: row i is `cols/vals[rowPtr[i] .. rowPtr[i+1])`. */
  rowPtr: Int32Array;
  cols: Int32Array;
  vals: Float64Array;
}

const ENTROPY_TOLERANCE = 1e-5;
const MAX_BISECTION_STEPS = 200;

/**
 * Conditional probabilities p(j|i) over each row's neighbours: a Gaussian on the neighbour
 * distances whose precision is bisected until the row's perplexity matches. Returns `n * k` values.
 */
export function conditionalAffinities(graph: NeighborGraph, perplexity: number): Float64Array {
  const { n, k, distances } = graph;
  if (!(perplexity > 0)) throw new Error(`perplexity must be positive, got ${perplexity}`);
  const targetEntropy = Math.log(Math.min(perplexity, k));
  const out = new Float64Array(n * k);
  const sq = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const base = i * k;
    // Distances relative to the nearest one keep exp() away from underflow for far-out rows;
    // the shift cancels in the normalisation.
    let minSq = Infinity;
    for (let t = 0; t < k; t++) {
      const dist = distances[base + t];
      sq[t] = dist * dist;
      if (sq[t] < minSq) minSq = sq[t];
    }
    for (let t = 0; t < k; t++) sq[t] -= minSq;
    let beta = 1;
    let lo = 0;
    let hi = Infinity;
    let sum = 0;
    for (let step = 0; step < MAX_BISECTION_STEPS; step++) {
      sum = 0;
      let weighted = 0;
      for (let t = 0; t < k; t++) {
        const p = Math.exp(-beta * sq[t]);
        out[base + t] = p;
        sum += p;
        weighted += p * sq[t];
      }
      const entropy = Math.log(sum) + (beta * weighted) / sum;
      const diff = entropy - targetEntropy;
      if (Math.abs(diff) < ENTROPY_TOLERANCE) break;
      if (diff > 0) {
        lo = beta;
        beta = hi === Infinity ? beta * 2 : (beta + hi) / 2;
      } else {
        hi = beta;
        beta = (beta + lo) / 2;
      }
    }
    for (let t = 0; t < k; t++) out[base + t] /= sum;
  }
  return out;
}

/** P = (P_cond + P_condᵀ) / (2n) as CSR with duplicate-free (unsorted) rows. */
export function symmetrizeAffinities(
  graph: NeighborGraph,
  conditional: Float64Array,
): SparseAffinities {
  const { n, k, indices } = graph;
  // Each directed edge i→j lands in row i and in row j; count the upper bound per row first.
  const bound = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    bound[i + 1] += k;
    for (let t = 0; t < k; t++) bound[indices[i * k + t] + 1]++;
  }
  for (let i = 0; i < n; i++) bound[i + 1] += bound[i];
  const rawCols = new Int32Array(bound[n]);
  const rawVals = new Float64Array(bound[n]);
  const fill = bound.slice(0, n);
  const scale = 1 / (2 * n);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < k; t++) {
      const j = indices[i * k + t];
      const v = conditional[i * k + t] * scale;
      rawCols[fill[i]] = j;
      rawVals[fill[i]++] = v;
      rawCols[fill[j]] = i;
      rawVals[fill[j]++] = v;
    }
  }
  // Merge duplicates (mutual neighbours) row by row with a column → slot marker.
  const slot = new Int32Array(n).fill(-1);
  const rowPtr = new Int32Array(n + 1);
  const cols = new Int32Array(bound[n]);
  const vals = new Float64Array(bound[n]);
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    const start = nnz;
    for (let e = bound[i]; e < bound[i + 1]; e++) {
      const j = rawCols[e];
      if (slot[j] >= start) {
        vals[slot[j]] += rawVals[e];
      } else {
        slot[j] = nnz;
        cols[nnz] = j;
        vals[nnz++] = rawVals[e];
      }
    }
    rowPtr[i + 1] = nnz;
  }
  return { n, rowPtr, cols: cols.slice(0, nnz), vals: vals.slice(0, nnz) };
}

/** The symmetric t-SNE input affinities of a neighbour graph at the given perplexity. */
export function tsneAffinities(graph: NeighborGraph, perplexity: number): SparseAffinities {
  return symmetrizeAffinities(graph, conditionalAffinities(graph, perplexity));
}

/** The entries of a symmetric P above the diagonal (column > row): every pair once. */
export function upperTriangle(P: SparseAffinities): SparseAffinities {
  const { n, rowPtr, cols, vals } = P;
  const upperPtr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    let kept = 0;
    for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) if (cols[e] > i) kept++;
    upperPtr[i + 1] = upperPtr[i] + kept;
  }
  const upperCols = new Int32Array(upperPtr[n]);
  const upperVals = new Float64Array(upperPtr[n]);
  for (let i = 0; i < n; i++) {
    let e2 = upperPtr[i];
    for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) {
      if (cols[e] <= i) continue;
      upperCols[e2] = cols[e];
      upperVals[e2++] = vals[e];
    }
  }
  return { n, rowPtr: upperPtr, cols: upperCols, vals: upperVals };
}
