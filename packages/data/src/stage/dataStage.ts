import { homedir } from 'node:os';
import { join } from 'node:path';
import { SPLIT_NAMES } from '../contracts/columns';
import { Dataset, datasetToTable } from '../contracts/dataset';
import { limitPerSplit, stratifiedSubset } from '../core/select';
import { writeArrowFile } from '../io/arrowFile';
import { claimOutputDir, ownsNames } from '../io/outputDir';
import { RefusedInput } from '../io/refusedInput';
import { Progress, silentProgress } from '../io/progress';
import { SourceSpec, loadSource } from '../sources';

export interface DataConfig extends SourceSpec {
  /** Keep the first `limit` rows of each split (after `sample`). */
  limit?: number;
  /** Keep a stratified random `sample` rows of each split, deterministic by `seed`. */
  sample?: number;
  /** Seed of the bundled source's train/test split and of `sample` (default 0). */
  seed?: number;
}

export interface DataStageResult {
  path: string;
  rows: number;
  perSplit: Record<string, number>;
  source: string;
}

/** What the data stage writes in its folder. */
export const DATASET_FILE = 'dataset.arrow';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const VERSION: string = require('../../package.json').version;

export function defaultCacheDir(): string {
  return process.env.LATENTLENS_CACHE || join(homedir(), '.cache', 'latentlens');
}

export function countPerSplit(ds: Pick<Dataset, 'splits'>): Record<string, number> {
  const counts: Record<string, number> = {};
  ds.splits.forEach((s) => {
    counts[SPLIT_NAMES[s]] = (counts[SPLIT_NAMES[s]] ?? 0) + 1;
  });
  return counts;
}

function checkCount(config: DataConfig, key: 'limit' | 'sample'): void {
  const value = config[key];
  if (value !== undefined && !(Number.isInteger(value) && value >= 1)) {
    throw new RefusedInput(`data: ${key} must be a whole number of at least 1, got ${value}`);
  }
}

/**
 * The data stage: a source into `<outDir>/dataset.arrow`. Everything is loaded and checked before
 * the file is written (atomically), so a failure leaves no new or half-replaced dataset behind.
 */
export async function runDataStage(args: {
  config: DataConfig;
  outDir: string;
  cacheDir?: string;
  progress?: Progress;
}): Promise<DataStageResult> {
  const { config, outDir } = args;
  const progress = args.progress ?? silentProgress;
  const seed = config.seed ?? 0;
  checkCount(config, 'limit');
  checkCount(config, 'sample');
  claimOutputDir(outDir, {
    stage: 'data stage',
    owns: ownsNames([DATASET_FILE]),
    inputs: [config.dir, config.labels, ...Object.values(config.files ?? {})].filter(
      (p): p is string => p !== undefined,
    ),
  });
  progress.phase(`load ${config.source}`);
  const loaded = await loadSource(config, {
    progress,
    cacheDir: args.cacheDir ?? defaultCacheDir(),
    seed,
  });
  let dataset = loaded.dataset;
  if (config.sample !== undefined) dataset = stratifiedSubset(dataset, config.sample, seed);
  if (config.limit !== undefined) dataset = limitPerSplit(dataset, config.limit);
  if (dataset.ids.length === 0) {
    throw new RefusedInput(
      `data: the ${dataset.source} source gave no images${loaded.inputs.length ? ` (${loaded.inputs.map((i) => i.path).join(', ')})` : ''}; give a source, files or folder that hold some`,
    );
  }
  progress.phase('write dataset.arrow');
  const table = datasetToTable(dataset, {
    stage: 'data',
    version: VERSION,
    config,
    provenance: {
      source: dataset.source,
      inputs: loaded.inputs,
      classNames: dataset.classNames,
      ...(loaded.fallbackFrom && { fallbackFrom: loaded.fallbackFrom }),
      ...(loaded.skipped && { skipped: loaded.skipped }),
    },
  });
  const path = join(outDir, DATASET_FILE);
  writeArrowFile(path, table);
  return {
    path,
    rows: dataset.ids.length,
    perSplit: countPerSplit(dataset),
    source: dataset.source,
  };
}
