import {
  resolveThreads,
  SharedArena,
  sharedCopy,
  type NeighborList,
  type ParallelOptions,
} from '@latentlens/data';
import {
  nearestNeighbors,
  nearestNeighborsMethod,
  type NearestNeighborsOptions,
} from '../core/knn';
import { checkKnnInput } from '../core/checkRows';
import { knnSearch } from './knnJob';
import { runJob, withPool, type JobPool } from './jobPool';
import type { KnnJob } from './protocol';

/**
 * `nearestNeighbors` on worker threads (default: one per core): the same graph, byte for byte.
 */
export async function nearestNeighborsParallel(
  data: Float32Array,
  n: number,
  d: number,
  k: number,
  options: NearestNeighborsOptions & ParallelOptions,
): Promise<NeighborList> {
  const threads = resolveThreads(options.threads, n);
  if (threads === 1) return nearestNeighbors(data, n, d, k, options);
  return withPool(threads, (pool) => neighborsOnPool(pool, data, n, d, k, options));
}

/** `nearestNeighborsParallel` on an open pool. */
export async function neighborsOnPool(
  pool: JobPool,
  data: Float32Array,
  n: number,
  d: number,
  k: number,
  options: NearestNeighborsOptions,
): Promise<NeighborList> {
  const method = nearestNeighborsMethod(n, k, options);
  checkKnnInput(method === 'exact' ? 'exactKnn' : 'approxKnn', data, n, d, k);
  const spec = {
    type: 'knn' as const,
    method,
    data: sharedCopy(data),
    n,
    d,
    k,
    options: { seed: options.seed },
  };
  const arena = SharedArena.for((memory) => knnSearch(spec, pool.size, 0, memory));
  const job: KnnJob = { ...spec, arena: arena.buffer };
  return runJob<NeighborList>(pool, job);
}
