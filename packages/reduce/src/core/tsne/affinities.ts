import type { NeighborList } from '@latentlens/data';
import { symmetrize, type SparseRows } from '../sparseRows';

/** Symmetric input affinities P; the values of all rows sum to 1. */
export type SparseAffinities = SparseRows;

const ENTROPY_TOLERANCE = 1e-5;
const MAX_BISECTION_STEPS = 200;

/**
 * Conditional probabilities p(j|i) over each row's neighbours: a Gaussian on the neighbour
 * distances whose precision is bisected until the row's perplexity matches. Returns `n * k` values.
 */
export function conditionalAffinities(graph: NeighborList, perplexity: number): Float64Array {
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
function symmetrizeAffinities(graph: NeighborList, conditional: Float64Array): SparseAffinities {
  const scale = 1 / (2 * graph.n);
  return symmetrize(
    graph,
    conditional.map((p) => p * scale),
    (x, y) => x + y,
  );
}

/** The symmetric t-SNE input affinities of a neighbour graph at the given perplexity. */
export function tsneAffinities(graph: NeighborList, perplexity: number): SparseAffinities {
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
