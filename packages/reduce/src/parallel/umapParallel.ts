import { resolveThreads, type ParallelOptions } from '@latentlens/data';
import {
  checkUmapInput,
  layoutMemory,
  layoutOf,
  resolveUmapSettings,
  umapEmbed,
  umapGraph,
  umapJsLayout,
  umapStartLayout,
  type UmapOptions,
  type UmapProgress,
  type UmapResult,
} from '../core/umap';
import { layoutEdges, shapeOf } from '../core/umap/layout';
import { neighborsOnPool } from './knnParallel';
import { runJob, withPool } from './jobPool';
import type { UmapJob } from './protocol';

/**
 * `umapEmbed` on worker threads (default: one per core): the neighbours, and every epoch of our
 * layout engine (see umap/layout.ts), are shared among the threads; the fuzzy set and the start
 * are made in the calling thread, and umap-js's descent (`engine: 'umap-js'`) runs there too.
 * Same bytes as `umapEmbed`, whatever the number of threads.
 */
export async function umapEmbedParallel(
  data: Float32Array,
  n: number,
  d: number,
  options: UmapOptions & ParallelOptions = {},
  onProgress?: (p: UmapProgress) => void,
): Promise<UmapResult> {
  const threads = resolveThreads(options.threads, n);
  if (threads === 1) return umapEmbed(data, n, d, options, onProgress);
  checkUmapInput(data, n, d);
  const settings = resolveUmapSettings(options, n);
  return withPool(threads, async (pool) => {
    onProgress?.({ phase: 'neighbors' });
    const graph =
      options.graph ??
      (await neighborsOnPool(pool, data, n, d, settings.neighbors - 1, {
        method: 'auto',
        seed: settings.seed,
      }));
    const fuzzy = umapGraph(graph, n, settings, onProgress);
    if (settings.engine === 'umap-js') return umapJsLayout(fuzzy, settings, onProgress);
    const edges = layoutEdges(fuzzy, settings.epochs);
    const shape = shapeOf(edges);
    const memory = layoutMemory(shape, settings);
    // The leader's layout is this one: started here, optimised there, read back here.
    const layout = layoutOf(shape, settings, memory);
    layout.start(umapStartLayout(fuzzy, data, d, settings, onProgress), edges);
    const job: UmapJob = { type: 'umap', shape, settings, memory };
    await runJob(pool, job, (p) => onProgress?.(p as UmapProgress));
    return { coords: Float32Array.from(layout.coords), dims: settings.dims };
  });
}
