import TSNE from 'tsne-js';
import { seededRandom } from '../random';
import type { SparseAffinities } from './affinities';
import { klDivergence } from './kl';
import type { TsneResult } from './types';

export interface TsneExactOptions {
  /** Embedding dimensions (default 2). */
  dims?: 2 | 3;
  /** Perplexity of the input Gaussians (default 25). */
  perplexity?: number;
  /**
   * Step size in this package's convention (gradient without the factor 4, see `TsneOptions`);
   * tsne-js receives a quarter of it. Default 400 (tsne-js's 100): the best of 50-800 on 250 MNIST
   * digits; tsne-js's own default of 1000 (our 4000) diverges at that size.
   */
  learningRate?: number;
  /** Maximum iterations; tsne-js may stop earlier when its error stops improving (default 1000). */
  iterations?: number;
  /** Seed of the random initial layout (default 0). */
  seed?: number;
}

/**
 * Exact O(n²) t-SNE by the `tsne-js` package, the reference the fast `tsneEmbed` is checked against.
 * Only for a few thousand points at most: time and memory grow with n².
 *
 * What tsne-js does differently from textbook t-SNE, kept as it is because it is the reference:
 * its input Gaussians use the plain Euclidean distance where t-SNE squares it; it exaggerates P
 * (by 4) for only 100 iterations; and in 3-D its Student-t has 2 degrees of freedom instead of 1.
 * `kl` is this package's `klDivergence` of tsne-js's own P against the standard (1 degree of
 * freedom) Q of the result, so it is comparable with `tsneEmbed`'s value for the same P.
 */
export function tsneExactEmbed(
  data: Float32Array,
  n: number,
  d: number,
  options: TsneExactOptions = {},
): TsneResult {
  if (data.length !== n * d)
    throw new Error(`tsneExactEmbed: expected ${n * d} values, got ${data.length}`);
  const dims = options.dims ?? 2;
  const model = new TSNE({
    dim: dims,
    perplexity: options.perplexity ?? 25,
    learningRate: (options.learningRate ?? 400) / 4,
    nIter: options.iterations ?? 1000,
    metric: 'euclidean',
  });
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) rows.push(Array.from(data.subarray(i * d, i * d + d)));

  // tsne-js draws its initial layout from Math.random and takes no seed; swapping in a seeded
  // source for the duration of the call is the only way to make the reference reproducible.
  // It is restored in `finally` so an exception cannot leave the global replaced.
  const original = Math.random;
  let iterations: number;
  try {
    Math.random = seededRandom(options.seed ?? 0);
    model.init({ data: rows, type: 'dense' });
    iterations = model.run()[1];
  } finally {
    Math.random = original;
  }

  const out = model.getOutput();
  const coords = new Float32Array(n * dims);
  for (let i = 0; i < n; i++) for (let t = 0; t < dims; t++) coords[i * dims + t] = out[i][t];
  const P = denseToSparse(model.P.data, n);
  return { coords, dims, kl: klDivergence(P, coords, dims), iterations };
}

/** The off-diagonal entries of a dense row-major n×n matrix as CSR. */
function denseToSparse(dense: Float64Array, n: number): SparseAffinities {
  const rowPtr = new Int32Array(n + 1);
  const cols = new Int32Array(n * (n - 1));
  const vals = new Float64Array(n * (n - 1));
  let e = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      cols[e] = j;
      vals[e++] = dense[i * n + j];
    }
    rowPtr[i + 1] = e;
  }
  return { n, rowPtr, cols, vals };
}
