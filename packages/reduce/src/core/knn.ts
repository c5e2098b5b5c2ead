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

/** Rows per tile: a tile pair (64 × 64-D floats each) stays in L1/L2 while it is compared. */
const TILE = 64;

/**
 * Exact k-nearest neighbours by brute force: O(n² d) time, O(n k) memory.
 * `data` holds `n` rows of `d` values, row-major.
 *
 * Each pair is measured once (‖a‖² + ‖b‖² − 2 a·b) and offered to both rows' lists, tile by tile
 * for cache reuse; the dot product runs four independent sums over a zero-padded copy so the
 * additions pipeline.
 */
export function exactKnn(data: Float32Array, n: number, d: number, k: number): NeighborGraph {
  if (data.length !== n * d)
    throw new Error(`exactKnn: expected ${n * d} values, got ${data.length}`);
  if (k < 1 || k >= n) throw new Error(`exactKnn: k=${k} needs at least ${k + 1} rows, got ${n}`);
  const stride = Math.ceil(d / 4) * 4;
  const rows = new Float32Array(n * stride);
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = 0; t < d; t++) {
      const v = data[i * d + t];
      rows[i * stride + t] = v;
      s += v * v;
    }
    norms[i] = s;
  }
  // Per-row lists sorted ascending by squared distance; the last slot is the current worst.
  const bestD = new Float64Array(n * k).fill(Infinity);
  const bestI = new Int32Array(n * k).fill(-1);

  for (let i0 = 0; i0 < n; i0 += TILE) {
    const i1 = Math.min(n, i0 + TILE);
    for (let j0 = i0; j0 < n; j0 += TILE) {
      const j1 = Math.min(n, j0 + TILE);
      for (let i = i0; i < i1; i++) {
        const oi = i * stride;
        const ni = norms[i];
        for (let j = j0 === i0 ? i + 1 : j0; j < j1; j++) {
          const oj = j * stride;
          let s0 = 0;
          let s1 = 0;
          let s2 = 0;
          let s3 = 0;
          for (let t = 0; t < stride; t += 4) {
            s0 += rows[oi + t] * rows[oj + t];
            s1 += rows[oi + t + 1] * rows[oj + t + 1];
            s2 += rows[oi + t + 2] * rows[oj + t + 2];
            s3 += rows[oi + t + 3] * rows[oj + t + 3];
          }
          const dist = ni + norms[j] - 2 * (s0 + s1 + s2 + s3);
          if (dist < bestD[i * k + k - 1]) insertSorted(bestD, bestI, i * k, k, dist, j);
          if (dist < bestD[j * k + k - 1]) insertSorted(bestD, bestI, j * k, k, dist, i);
        }
      }
    }
  }

  const distances = new Float32Array(n * k);
  for (let p = 0; p < n * k; p++) distances[p] = Math.sqrt(Math.max(0, bestD[p]));
  return { n, k, indices: bestI, distances };
}

/** Inserts into the ascending list at `base`, dropping its last entry. Equal distances keep the earlier row first. */
function insertSorted(
  dists: Float64Array,
  ids: Int32Array,
  base: number,
  k: number,
  dist: number,
  id: number,
): void {
  let p = base + k - 1;
  while (p > base && dists[p - 1] > dist) {
    dists[p] = dists[p - 1];
    ids[p] = ids[p - 1];
    p--;
  }
  dists[p] = dist;
  ids[p] = id;
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
