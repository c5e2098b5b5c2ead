import type { NeighborList } from '@latentlens/data';
import { checkKnnInput } from './checkRows';
import { BruteForceKnn } from './bruteForceKnn';
import { approxKnn } from './knnApprox';

/**
 * Exact k-nearest neighbours by brute force: O(n² d) time, O(n k) memory.
 * `data` holds `n` rows of `d` values, row-major. Equal distances list the smaller row first.
 * See `BruteForceKnn`.
 */
export function exactKnn(data: Float32Array, n: number, d: number, k: number): NeighborList {
  checkKnnInput('exactKnn', data, n, d, k);
  return new BruteForceKnn(n, d, k, 1, 0).run(data);
}

export interface NearestNeighborsOptions {
  /** 'auto': brute force while it is the faster, see `nearestNeighborsMethod`. */
  method: 'exact' | 'approx' | 'auto';
  /** Seed for the approximate method. Default 0. */
  seed?: number;
}

/** Below this many rows 'auto' always uses brute force: it takes a fraction of a second. */
export const EXACT_KNN_MAX_ROWS = 2000;

/**
 * Brute force costs about n² d, NN-descent about n k d (on PCA-64 Fashion-MNIST, one thread:
 * 3.7 s against 3.4 s at n = 10,000, k = 75; 3.2 s against 0.6 s at k = 14), so 'auto' uses brute
 * force below about this many rows per neighbour.
 */
const EXACT_ROWS_PER_NEIGHBOR = 128;

/** k nearest neighbours by the chosen method; see `exactKnn` and `approxKnn`. */
export function nearestNeighbors(
  data: Float32Array,
  n: number,
  d: number,
  k: number,
  options: NearestNeighborsOptions,
): NeighborList {
  return nearestNeighborsMethod(n, k, options) === 'exact'
    ? exactKnn(data, n, d, k)
    : approxKnn(data, n, d, k, { seed: options.seed });
}

/** The method `nearestNeighbors` uses for `n` rows and `k` neighbours. */
export function nearestNeighborsMethod(
  n: number,
  k: number,
  options: NearestNeighborsOptions,
): 'exact' | 'approx' {
  if (options.method !== 'auto') return options.method;
  return n < Math.max(EXACT_KNN_MAX_ROWS, EXACT_ROWS_PER_NEIGHBOR * k) ? 'exact' : 'approx';
}
