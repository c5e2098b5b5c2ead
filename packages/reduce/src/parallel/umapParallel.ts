import {
  checkUmapInput,
  resolveUmapSettings,
  umapEmbed,
  umapLayout,
  type UmapOptions,
  type UmapProgress,
  type UmapResult,
} from '../core/umap';
import { neighborsOnPool } from './knnParallel';
import { withPool } from './pool';
import { resolveThreads, type ParallelOptions } from './threads';

/**
 * `umapEmbed` with the neighbours found on worker threads (default: one per core); the layout's
 * stochastic descent stays in the calling thread. Same bytes as `umapEmbed`.
 */
export async function umapEmbedParallel(
  data: Float32Array,
  n: number,
  d: number,
  options: UmapOptions & ParallelOptions = {},
  onProgress?: (p: UmapProgress) => void,
): Promise<UmapResult> {
  const threads = resolveThreads(options.threads, n);
  if (threads === 1 || options.graph !== undefined)
    return umapEmbed(data, n, d, options, onProgress);
  checkUmapInput(data, n, d);
  const settings = resolveUmapSettings(options, n);
  onProgress?.({ phase: 'neighbors' });
  const graph = await withPool(threads, (pool) =>
    neighborsOnPool(pool, data, n, d, settings.neighbors - 1, {
      method: 'auto',
      seed: settings.seed,
    }),
  );
  return umapLayout(graph, settings, onProgress);
}
