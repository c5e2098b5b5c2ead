import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  claimOutputDir,
  countPerSplit,
  datasetToTable,
  embeddingsToTable,
  ownsNames,
  Progress,
  readArrowInput,
  RefusedInput,
  resolveThreads,
  sha256Hex,
  silentProgress,
  SPLIT_CODE,
  SPLIT_NAMES,
  SplitName,
  tableToDataset,
  valuesPerImage,
  takeRows,
  writeArrowFile,
} from '@latentlens/data';
import { BackendPreference, selectBackend } from '../core/backend';
import { encodeImages } from '../core/encode';
import { reconstructImages } from '../core/reconstruct';
import { deserializeTrainingState } from '../core/serialize';
import { encodeInParallel } from '../parallel/parallelEncode';
import { MODEL_FILES } from './trainStage';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const VERSION: string = require('../../package.json').version;

export interface EncodeStageConfig {
  /** Which splits to embed (the seed embeds the test images). */
  splits: SplitName[];
  backend?: BackendPreference;
  /**
   * Threads that encode (each image's numbers do not depend on it). 'auto': two when the machine
   * has two cores and there are at least `parallelEncodeThreshold` images, else one.
   */
  workers?: number | 'auto';
}

export interface EncodeStageResult {
  rows: number;
  dim: number;
  backend: string;
  workers: number;
}

/** Below this many images, starting a second thread costs about what it saves. */
export const parallelEncodeThreshold = 20000;

/** 'auto' (see `workers` above): at most two threads, from `parallelEncodeThreshold` images on. */
const encodeThreads = { fromRows: parallelEncodeThreshold, most: 2 };

/** Refuses an empty list, an unknown or a repeated split name (from the CLI or a pipeline file). */
function checkSplits(splits: readonly string[]): void {
  const unknown = splits.find((s) => !SPLIT_NAMES.includes(s as SplitName));
  const repeated = splits.find((s, i) => splits.indexOf(s) !== i);
  const problem =
    unknown !== undefined
      ? `"${unknown}" is not a split`
      : repeated !== undefined
        ? `"${repeated}" is given twice`
        : splits.length === 0
          ? 'no split given'
          : undefined;
  if (problem === undefined) return;
  throw new RefusedInput(
    `encode splits: ${problem} (valid splits: ${SPLIT_NAMES.join(', ')}; e.g. --splits test or --splits train,test)`,
  );
}

/**
 * Refuses to write codes that are not finite numbers: the model's training diverged, and every
 * later stage would fail on them or draw nonsense.
 */
function checkFinite(
  codes: Float32Array,
  codeDim: number,
  reconstructionError: Float32Array,
  ids: Int32Array,
  statePath: string,
): void {
  const row = reconstructionError.findIndex(
    (e, i) =>
      !Number.isFinite(e) || !codes.subarray(i * codeDim, (i + 1) * codeDim).every(Number.isFinite),
  );
  if (row < 0) return;
  throw new Error(
    `${statePath}: the model gives a code or reconstruction that is not a finite number (first for image id ${ids[row]}); its training diverged: train again with a lower learningRate, then encode`,
  );
}

/** Decoded images kept per class for the export's original-vs-reconstruction grid. */
export const RECONSTRUCTIONS_PER_CLASS = 20;

/** Row numbers of the first `perClass` images of each label, in their order (no randomness). */
function firstPerClass(labels: Uint8Array, perClass: number): number[] {
  const seen = new Map<number, number>();
  const rows: number[] = [];
  labels.forEach((label, row) => {
    const count = seen.get(label) ?? 0;
    if (count < perClass) rows.push(row);
    seen.set(label, count + 1);
  });
  return rows;
}

/** What the encode stage writes in its folder. */
export const ENCODE_FILES = {
  embeddings: 'embeddings.arrow',
  reconstructions: 'reconstructions.arrow',
} as const;

/**
 * The encode stage: `dataset.arrow` + `model/` → `<outDir>/embeddings.arrow`, and
 * `<outDir>/reconstructions.arrow` (a dataset-shaped sample of decoded images).
 */
export async function runEncodeStage(args: {
  config: EncodeStageConfig;
  datasetPath: string;
  modelDir: string;
  outDir: string;
  progress?: Progress;
}): Promise<EncodeStageResult> {
  const progress = args.progress ?? silentProgress;
  checkSplits(args.config.splits);
  claimOutputDir(args.outDir, {
    stage: 'encode stage',
    owns: ownsNames([ENCODE_FILES.embeddings, ENCODE_FILES.reconstructions]),
    inputs: [args.datasetPath, args.modelDir],
  });
  const backend = await selectBackend(args.config.backend ?? 'auto');
  const statePath = join(args.modelDir, MODEL_FILES.state);
  let stateBytes: Uint8Array;
  try {
    stateBytes = readFileSync(statePath);
  } catch {
    throw new Error(`${statePath}: missing (run the train stage first)`);
  }
  const model = deserializeTrainingState(stateBytes);
  const datasetInput = readArrowInput(args.datasetPath);
  const dataset = tableToDataset(datasetInput.table, args.datasetPath);
  if (model.config.dims[0] !== valuesPerImage(dataset))
    throw new RefusedInput(
      `${args.datasetPath}: its images have ${valuesPerImage(dataset)} values each (${dataset.rows}×${dataset.cols}×${dataset.channels ?? 1}) but the model in ${args.modelDir} takes ${model.config.dims[0]}; encode the dataset the model was trained on`,
    );
  const wanted = new Set(args.config.splits.map((s) => SPLIT_CODE[s]));
  const rows: number[] = [];
  dataset.splits.forEach((s, i) => wanted.has(s) && rows.push(i));
  const subset = takeRows(dataset, rows);
  const n = subset.ids.length;
  if (n === 0) {
    throw new RefusedInput(
      `${args.datasetPath}: no images in split ${args.config.splits.join(', ')} (it holds ${JSON.stringify(countPerSplit(dataset))}); choose other splits (--splits, encode.splits) or re-run the data stage`,
    );
  }
  const workers = resolveThreads(args.config.workers, n, encodeThreads, 'encode.workers');
  progress.phase(`encode ${n} images`, n);
  const onProgress = (done: number): void => progress.update(done);
  const { codes, codeDim, reconstructionError } =
    workers > 1
      ? await encodeInParallel(model, subset.pixels, n, { backend, workers, onProgress })
      : await encodeImages(model, subset.pixels, n, onProgress);
  checkFinite(codes, codeDim, reconstructionError, subset.ids, statePath);
  const provenance = {
    // Relative to the output folder, so that the file does not depend on where it was made.
    inputs: [
      { path: relative(args.outDir, args.datasetPath), sha256: datasetInput.sha256 },
      { path: relative(args.outDir, statePath), sha256: sha256Hex(stateBytes) },
    ],
    backend,
  };
  const table = embeddingsToTable(
    {
      ids: subset.ids,
      splits: subset.splits,
      labels: subset.labels,
      values: codes,
      dim: codeDim,
      reconstructionError,
    },
    {
      stage: 'encode',
      version: VERSION,
      config: args.config,
      provenance,
    },
  );
  writeArrowFile(join(args.outDir, ENCODE_FILES.embeddings), table);

  progress.phase('reconstructions');
  const sample = takeRows(subset, firstPerClass(subset.labels, RECONSTRUCTIONS_PER_CLASS));
  const decoded = await reconstructImages(model, sample.pixels, sample.ids.length);
  writeArrowFile(
    join(args.outDir, ENCODE_FILES.reconstructions),
    datasetToTable(
      { ...sample, pixels: decoded },
      {
        stage: 'encode',
        version: VERSION,
        config: { ...args.config, reconstructionsPerClass: RECONSTRUCTIONS_PER_CLASS },
        provenance,
      },
    ),
  );
  return { rows: n, dim: codeDim, backend, workers };
}
