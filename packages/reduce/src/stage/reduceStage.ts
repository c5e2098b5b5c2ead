import { Progress, projectionToTable, silentProgress, writeArrowFile } from '@latentlens/data';
import { totalmem } from 'node:os';
import { ReduceConfig } from '../core/reduce';
import { reduceParallel } from '../parallel/reduceParallel';
import { knnLabelAccuracy, trustworthiness } from '../core/quality';
import { openEmbeddingsStage } from './embeddingsInput';

export interface ReduceStageResult {
  path: string;
  method: string;
  rows: number;
  dims: number;
  quality: Record<string, number>;
}

/**
 * Exact t-SNE (tsne-js) keeps about ten n×n float64 matrices alive at its peak: P, Q and the
 * gradient's temporaries, plus garbage not yet collected (measured: 10.5 at n = 2,000).
 */
const EXACT_TSNE_MATRICES = 10;

function gigabytes(bytes: number): string {
  const gb = bytes / 1e9;
  return gb < 10 ? gb.toFixed(1) : gb.toFixed(0);
}

/**
 * Refuses, before any work, a reduction whose memory grows with n² beyond this machine's RAM:
 * otherwise it would run for hours and then die of exhaustion. The other methods grow with n.
 */
function refuseWhatCannotFit(stage: string, config: ReduceConfig, n: number): void {
  if (config.method !== 'tsne-exact') return;
  const needed = n * n * 8 * EXACT_TSNE_MATRICES;
  const ram = totalmem();
  if (needed <= ram) return;
  throw new Error(
    `${stage}: exact t-SNE on ${n} points needs about ${gigabytes(needed)} GB (n² × 8 bytes × ${EXACT_TSNE_MATRICES}); this machine has ${gigabytes(ram)} GB — use method: tsne (Barnes-Hut, memory linear in n)`,
  );
}

/** Trustworthiness with k = 10 needs 2n − 3k − 1 > 0, and 10-NN accuracy at least 11 points. */
const QUALITY_MIN_POINTS = 16;

/** What the reduce stage writes in its folder. */
export const PROJECTION_FILE = 'projection.arrow';

/** The reduce stage: `embeddings.arrow` → `<outDir>/projection.arrow` with quality metrics. */
export async function runReduceStage(args: {
  name: string;
  config: ReduceConfig;
  embeddingsPath: string;
  outDir: string;
  progress?: Progress;
}): Promise<ReduceStageResult> {
  const { name, config, embeddingsPath, outDir } = args;
  const progress = args.progress ?? silentProgress;
  const stage = openEmbeddingsStage({
    stage: `reduction ${name}`,
    file: PROJECTION_FILE,
    embeddingsPath,
    outDir,
  });
  const { embeddings, path } = stage;
  const n = embeddings.ids.length;
  refuseWhatCannotFit(`reduce.${name}`, config, n);
  // Checked first, so that a long reduction does not end in this error.
  if (n < QUALITY_MIN_POINTS)
    throw new Error(
      `reduce.${name}: ${n} embedded images are too few to measure the projection (10 nearest neighbours need at least ${QUALITY_MIN_POINTS}); encode more images`,
    );
  let current = '';
  // On every core through worker threads; results do not depend on the number of threads.
  const result = await reduceParallel(
    embeddings.values,
    n,
    embeddings.dim,
    config,
    (phase, done, total, status) => {
      if (phase !== current) progress.phase((current = phase), total);
      if (done !== undefined) progress.update(done, status);
    },
  );
  progress.phase('quality');
  const quality = {
    knn10: knnLabelAccuracy(result.coords, result.dims, embeddings.labels, 10),
    trustworthiness10: trustworthiness(
      embeddings.values,
      embeddings.dim,
      result.coords,
      result.dims,
      10,
      {
        seed: 0,
      },
    ),
  };
  const { method, ...params } = config;
  const table = projectionToTable(
    {
      ids: embeddings.ids,
      dims: result.dims,
      coords: result.coords,
      info: {
        name,
        method,
        params,
        quality,
        stats: result.stats,
        explainedVarianceRatio: result.explainedVarianceRatio,
      },
    },
    stage.metadata(`reduce.${name}`, config),
  );
  writeArrowFile(path, table);
  return { path, method, rows: n, dims: result.dims, quality };
}
