import type { ParallelOptions } from '@latentlens/data';
import { reduceWith, type ReduceConfig, type ReduceProgress, type Reduction } from '../core/reduce';
import { tsneEmbedParallel } from './tsneParallel';
import { umapEmbedParallel } from './umapParallel';

/**
 * `reduce` on worker threads (default: one per core), the fastest path: t-SNE's neighbours and
 * gradient, UMAP's neighbours and layout are shared among the threads. Same bytes as `reduce`
 * for the same thread count (t-SNE's also for any count, see the README).
 */
export async function reduceParallel(
  data: Float32Array,
  n: number,
  d: number,
  config: ReduceConfig,
  onProgress?: ReduceProgress,
  options: ParallelOptions = {},
): Promise<Reduction> {
  const { threads } = options;
  return reduceWith(
    {
      tsne: (x, rows, dim, o, p) => tsneEmbedParallel(x, rows, dim, { ...o, threads }, p),
      umap: (x, rows, dim, o, p) => umapEmbedParallel(x, rows, dim, { ...o, threads }, p),
    },
    data,
    n,
    d,
    config,
    onProgress,
  );
}
