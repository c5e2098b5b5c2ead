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
 * Brute force costs about n² d, NN-descent about n k d, so 'auto' uses brute force below this many
 * rows per neighbour. Measured with both on the WebAssembly distance kernel (PCA-64
 * Fashion-MNIST, one thread, CPU seconds, load 8–9 on the shared 2-core machine), brute force
 * against NN-descent: 1.9–2.6 s against 4.5 s at n = 10,000, k = 75; 7.4 s against 9.2 s at
 * 20,000, k = 75; 1.6 s against 1.0 s at 10,000, k = 15; 0.61 s against 0.63 s at 5,000, k = 15:
 * even at about 330 rows per neighbour. (Before the kernel, in JS: 3.7 s against 3.4 s at
 * 10,000, k = 75, so the bound was 128.)
 */
const EXACT_ROWS_PER_NEIGHBOR = 300;
/**
 * Whatever k, 'auto' searches by NN-descent from this many rows: the largest brute force measured
 * above (20,000 rows, k = 75), and brute force's lists take n·k·12 bytes per thread, so a large k
 * (perplexity 200 asks for 600 neighbours) must not make it exact up to 180,000 rows (about 4 GB).
 */
const EXACT_MOST_ROWS = 22_500;

/** What 'auto' does, in words, for help texts. */
export const KNN_AUTO_RULE = `exact below max(${EXACT_KNN_MAX_ROWS.toLocaleString('en-US')}, min(${EXACT_ROWS_PER_NEIGHBOR} k, ${EXACT_MOST_ROWS.toLocaleString('en-US')})) rows, else approximate`;

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
  const exactBelow = Math.max(
    EXACT_KNN_MAX_ROWS,
    Math.min(EXACT_ROWS_PER_NEIGHBOR * k, EXACT_MOST_ROWS),
  );
  return n < exactBelow ? 'exact' : 'approx';
}
