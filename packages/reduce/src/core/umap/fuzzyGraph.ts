import type { NeighborList } from '@latentlens/data';
import { symmetrize, type SparseRows } from '../sparseRows';

const SMOOTH_K_TOLERANCE = 1e-5;
const BISECTION_STEPS = 64;
const MIN_K_DIST_SCALE = 1e-3;

/**
 * UMAP's fuzzy simplicial set of a neighbour graph (as umap-learn, local connectivity 1): each
 * row's edges get memberships exp(-(d - ρ) / σ), with ρ the distance to the nearest neighbour and
 * σ bisected so that the memberships sum to log2(neighbors); the directed sets are then joined by
 * the fuzzy union a + b − a·b. `neighbors` counts the point itself, as umap-learn's n_neighbors,
 * so the first `neighbors − 1` entries of each row of `graph` are used.
 */
export function fuzzySimplicialSet(graph: NeighborList, neighbors: number): SparseRows {
  const { n } = graph;
  const m = neighbors - 1;
  const indices = new Int32Array(n * m);
  const distances = new Float32Array(n * m);
  for (let i = 0; i < n; i++) {
    indices.set(graph.indices.subarray(i * graph.k, i * graph.k + m), i * m);
    distances.set(graph.distances.subarray(i * graph.k, i * graph.k + m), i * m);
  }
  const target = Math.log2(neighbors);
  let meanDistance = 0;
  for (let p = 0; p < distances.length; p++) meanDistance += distances[p];
  // The self entry umap-learn lists first (distance 0) counts in its means.
  meanDistance /= n * neighbors;
  const memberships = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    const row = distances.subarray(i * m, i * m + m);
    let rho = 0;
    let rowSum = 0;
    for (let t = 0; t < m; t++) {
      if (rho === 0 && row[t] > 0) rho = row[t];
      rowSum += row[t];
    }
    let sigma = bisectSigma(row, rho, target);
    const floor = MIN_K_DIST_SCALE * (rho > 0 ? rowSum / neighbors : meanDistance);
    if (sigma < floor) sigma = floor;
    for (let t = 0; t < m; t++) {
      const excess = row[t] - rho;
      memberships[i * m + t] = excess <= 0 || sigma === 0 ? 1 : Math.exp(-excess / sigma);
    }
  }
  return symmetrize({ n, k: m, indices, distances }, memberships, (a, b) => a + b - a * b);
}

/** σ such that Σ exp(-(d − ρ) / σ) over the row (1 where d ≤ ρ) is `target`, by bisection. */
function bisectSigma(row: Float32Array, rho: number, target: number): number {
  let lo = 0;
  let hi = Infinity;
  let mid = 1;
  for (let step = 0; step < BISECTION_STEPS; step++) {
    let sum = 0;
    for (let t = 0; t < row.length; t++) {
      const excess = row[t] - rho;
      sum += excess > 0 ? Math.exp(-excess / mid) : 1;
    }
    if (Math.abs(sum - target) < SMOOTH_K_TOLERANCE) break;
    if (sum > target) {
      hi = mid;
      mid = (lo + hi) / 2;
    } else {
      lo = mid;
      mid = hi === Infinity ? mid * 2 : (lo + hi) / 2;
    }
  }
  return mid;
}
