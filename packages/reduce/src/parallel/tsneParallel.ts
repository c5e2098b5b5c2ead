import { resolveThreads, SharedArena, sharedCopy, type ParallelOptions } from '@latentlens/data';
import { finishTsne, prepareTsne, type TsneProblem } from '../core/tsne/problem';
import { checkTsneInput, resolveTsneSettings, tsneNeighborCount } from '../core/tsne/settings';
import { tsneEmbed } from '../core/tsne/tsne';
import type { TsneOptions, TsneProgress, TsneResult } from '../core/tsne/types';
import { neighborsOnPool } from './knnParallel';
import { runJob, withPool, type JobPool } from './jobPool';
import type { TsneJob } from './protocol';
import { threadGradient } from './tsneJob';

/**
 * `tsneEmbed` on worker threads: the neighbours and every iteration's gradient are split among
 * `threads` (default: one per core) and the result is the same, byte for byte, as in one thread.
 */
export async function tsneEmbedParallel(
  data: Float32Array,
  n: number,
  d: number,
  options: TsneOptions & ParallelOptions = {},
  onProgress?: (p: TsneProgress) => void,
): Promise<TsneResult> {
  const threads = resolveThreads(options.threads, n);
  if (threads === 1) return tsneEmbed(data, n, d, options, onProgress);
  checkTsneInput(data, n, d);
  const settings = resolveTsneSettings(options, n);
  return withPool(threads, async (pool) => {
    onProgress?.({ phase: 'neighbors' });
    const graph =
      options.graph ??
      (await neighborsOnPool(pool, data, n, d, tsneNeighborCount(settings, n), {
        method: 'auto',
        seed: settings.seed,
      }));
    const problem = prepareTsne(data, n, d, graph, settings, onProgress);
    return finishTsne(problem, await optimizeOnPool(pool, problem, onProgress));
  });
}

async function optimizeOnPool(
  pool: JobPool,
  problem: TsneProblem,
  onProgress?: (p: TsneProgress) => void,
): Promise<Float64Array> {
  const { n, settings } = problem;
  const P = {
    n,
    rowPtr: sharedCopy(problem.P.rowPtr),
    cols: sharedCopy(problem.P.cols),
    vals: sharedCopy(problem.P.vals),
  };
  const coords = sharedCopy(problem.start);
  const arena = SharedArena.for((memory) => threadGradient(P, coords, settings, memory));
  const job: TsneJob = { type: 'tsne', P, settings, coords, arena: arena.buffer };
  await runJob(pool, job, (p) => onProgress?.(p as TsneProgress));
  return coords;
}
