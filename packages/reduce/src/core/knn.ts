import { approxKnn } from './knnApprox';

/** The k nearest neighbours of every row, self excluded, nearest first. */
export interface NeighborGraph {
  /** Rows of the input. */
  n: number;
  /** Neighbours per row. */
  k: number;
  /** `n * k` row indices; row i's neighbours are `indices[i*k .. i*k+k)`. */
  indices: Int32Array;
  /** `n * k` Euclidean distances, matching `indices`. */
  distances: Float32Array;
}

/**
 * Exact k-nearest neighbours by brute force: O(n² d) time, O(n k) memory.
 * `data` holds `n` rows of `d` values, row-major.
 */
export function exactKnn(data: Float32Array, n: number, d: number, k: number): NeighborGraph {
  if (k >= n) throw new Error(`exactKnn: k=${k} needs at least ${k + 1} rows, got ${n}`);
  const indices = new Int32Array(n * k);
  const distances = new Float32Array(n * k);
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = 0; t < d; t++) s += data[i * d + t] * data[i * d + t];
    norms[i] = s;
  }
  const bestD = new Float64Array(k);
  const bestI = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    bestD.fill(Infinity);
    bestI.fill(-1);
    const oi = i * d;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const oj = j * d;
      let dot = 0;
      for (let t = 0; t < d; t++) dot += data[oi + t] * data[oj + t];
      const dist = norms[i] + norms[j] - 2 * dot;
      if (dist >= bestD[k - 1]) continue;
      // Insertion into the sorted top-k list keeps the inner loop branch-light for small k.
      let p = k - 1;
      while (p > 0 && bestD[p - 1] > dist) {
        bestD[p] = bestD[p - 1];
        bestI[p] = bestI[p - 1];
        p--;
      }
      bestD[p] = dist;
      bestI[p] = j;
    }
    for (let p = 0; p < k; p++) {
      indices[i * k + p] = bestI[p];
      distances[i * k + p] = Math.sqrt(Math.max(0, bestD[p]));
    }
  }
  return { n, k, indices, distances };
}

export interface NearestNeighborsOptions {
  /** 'auto' picks exact below `EXACT_KNN_MAX_ROWS` rows and approximate above. */
  method: 'exact' | 'approx' | 'auto';
  /** Seed for the approximate method. Default 0. */
  seed?: number;
}

/** Below this many rows brute force takes well under a second and is exact. */
export const EXACT_KNN_MAX_ROWS = 5000;

/** k nearest neighbours by the chosen method; see `exactKnn` and `approxKnn`. */
export function nearestNeighbors(
  data: Float32Array,
  n: number,
  d: number,
  k: number,
  options: NearestNeighborsOptions,
): NeighborGraph {
  const exact = options.method === 'exact' || (options.method === 'auto' && n < EXACT_KNN_MAX_ROWS);
  return exact ? exactKnn(data, n, d, k) : approxKnn(data, n, d, k, { seed: options.seed });
}
