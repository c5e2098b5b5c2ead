import { homedir } from 'node:os';
import type { Table } from 'apache-arrow';
import { join } from 'node:path';
import { SPLIT_NAMES } from '../contracts/columns';
import { Dataset, datasetToTable } from '../contracts/dataset';
import { embeddingsToTable } from '../contracts/embeddings';
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
  /** embeddings.arrow, when the source brought its vectors (the table source). */
  embeddingsPath?: string;
  /** Their dimension. */
  dim?: number;
  rows: number;
  perSplit: Record<string, number>;
  source: string;
}

/** What the data stage writes in its folder. */
export const DATASET_FILE = 'dataset.arrow';
/** And, for a source that brings vectors (table), the same name encode writes its codes under. */
export const EMBEDDINGS_FILE = 'embeddings.arrow';

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

/** A source loaded, sampled and checked, as the tables the data stage writes. */
export interface LoadedDataset {
  /** `dataset.arrow`'s table, with its metadata (config and provenance). */
  table: Table;
  /** `embeddings.arrow`'s table, when the source brings vectors of its own. */
  embeddings?: { table: Table; dim: number };
  rows: number;
  perSplit: Record<string, number>;
  source: string;
}

/**
 * Everything the data stage does but write: the source loaded (with its fallbacks), sampled,
 * limited and checked, and both tables built (and so checked). `latentlens data --inspect` shows
 * this without writing anything.
 */
export async function loadDataset(args: {
  config: DataConfig;
  cacheDir?: string;
  progress?: Progress;
}): Promise<LoadedDataset> {
  const { config } = args;
  const progress = args.progress ?? silentProgress;
  const seed = config.seed ?? 0;
  checkCount(config, 'limit');
  checkCount(config, 'sample');
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
  const meta = {
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
  };
  return {
    table: datasetToTable(dataset, meta),
    ...(loaded.vectors && {
      embeddings: {
        table: vectorsTable(loaded.dataset.ids, loaded.vectors, dataset, meta),
        dim: loaded.vectors.dim,
      },
    }),
    rows: dataset.ids.length,
    perSplit: countPerSplit(dataset),
    source: dataset.source,
  };
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
  claimOutputDir(outDir, {
    stage: 'data stage',
    owns: ownsNames([DATASET_FILE, EMBEDDINGS_FILE]),
    inputs: [config.dir, config.labels, config.path, ...Object.values(config.files ?? {})].filter(
      (p): p is string => p !== undefined,
    ),
  });
  const { table, embeddings, rows, perSplit, source } = await loadDataset(args);
  args.progress?.phase('write dataset.arrow');
  const path = join(outDir, DATASET_FILE);
  const embeddingsPath = join(outDir, EMBEDDINGS_FILE);
  writeArrowFile(path, table);
  if (embeddings) writeArrowFile(embeddingsPath, embeddings.table);
  return {
    path,
    ...(embeddings && { embeddingsPath, dim: embeddings.dim }),
    rows,
    perSplit,
    source,
  };
}

/**
 * The vectors a source brought, as `embeddings.arrow`: the rows the dataset kept (after sample
 * and limit), in its order, with its ids, splits and labels; no reconstructionError (they are not
 * our autoencoder's).
 */
function vectorsTable(
  loadedIds: Int32Array,
  vectors: { values: Float32Array; dim: number },
  dataset: Dataset,
  meta: Parameters<typeof embeddingsToTable>[1],
) {
  const { dim } = vectors;
  const rowOf = new Map<number, number>();
  loadedIds.forEach((id, row) => rowOf.set(id, row));
  const values = new Float32Array(dataset.ids.length * dim);
  dataset.ids.forEach((id, i) => {
    const row = rowOf.get(id)!;
    values.set(vectors.values.subarray(row * dim, (row + 1) * dim), i * dim);
  });
  return embeddingsToTable(
    { ids: dataset.ids, splits: dataset.splits, labels: dataset.labels, values, dim },
    { ...meta, stage: 'data' },
  );
}
