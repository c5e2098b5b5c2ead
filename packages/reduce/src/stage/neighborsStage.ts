import { neighborsToTable, Progress, silentProgress, writeArrowFile } from '@latentlens/data';
import { nearestNeighborsMethod } from '../core/knn';
import { nearestNeighborsParallel } from '../parallel/knnParallel';
import { openEmbeddingsStage } from './embeddingsInput';

export interface NeighborsConfig {
  /** Neighbours per image (default 10). */
  k?: number;
  /** 'auto': exact while brute force is the faster, else approximate (see nearestNeighborsMethod). */
  method?: 'auto' | 'exact' | 'approx';
  seed?: number;
}

export interface NeighborsStageResult {
  path: string;
  rows: number;
  k: number;
  method: 'exact' | 'approx';
}

/** What the neighbours stage writes in its folder. */
export const NEIGHBORS_FILE = 'neighbors.arrow';

/**
 * The neighbours stage: `embeddings.arrow` → `<outDir>/neighbors.arrow`, each image's nearest
 * neighbours in code space, computed once for the viewer (and anyone else) instead of in every
 * export.
 */
export async function runNeighborsStage(args: {
  config: NeighborsConfig;
  embeddingsPath: string;
  outDir: string;
  progress?: Progress;
}): Promise<NeighborsStageResult> {
  const progress = args.progress ?? silentProgress;
  const stage = openEmbeddingsStage({ ...args, stage: 'neighbours stage', file: NEIGHBORS_FILE });
  const k = args.config.k ?? 10;
  const requested = args.config.method ?? 'auto';
  const e = stage.embeddings;
  const n = e.ids.length;
  if (k >= n)
    throw new Error(
      `neighbors.k = ${k} needs more than ${k} embedded images, there are ${n} (lower neighbors.k)`,
    );
  const method = nearestNeighborsMethod(n, k, { method: requested });
  progress.phase(`${k} nearest neighbours of ${n} codes (${method})`);
  // On every core; the list does not depend on the number of threads.
  const neighbors = await nearestNeighborsParallel(e.values, n, e.dim, k, {
    method,
    seed: args.config.seed ?? 0,
  });
  const { path } = stage;
  writeArrowFile(
    path,
    neighborsToTable(
      { ids: e.ids, neighbors, method },
      stage.metadata('neighbors', { k, method: requested, seed: args.config.seed ?? 0 }),
    ),
  );
  return { path, rows: n, k, method };
}
