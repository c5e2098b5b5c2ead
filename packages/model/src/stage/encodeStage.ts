import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Progress,
  SPLIT_CODE,
  SplitName,
  embeddingsToTable,
  readArrowFile,
  sha256Hex,
  silentProgress,
  tableToDataset,
  takeRows,
  writeArrowFile,
} from '@latentlens/data';
import { BackendPreference, selectBackend } from '../core/backend';
import { encodeImages } from '../core/encode';
import { deserializeTrainingState } from '../core/serialize';
import { MODEL_FILES } from './trainStage';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const VERSION: string = require('../../package.json').version;

export interface EncodeStageConfig {
  /** Which splits to embed (the seed embeds the test images). */
  splits: SplitName[];
  backend?: BackendPreference;
}

export interface EncodeStageResult {
  rows: number;
  dim: number;
  backend: string;
}

/** The encode stage: `dataset.arrow` + `model/` → `<outDir>/embeddings.arrow`. */
export async function runEncodeStage(args: {
  config: EncodeStageConfig;
  datasetPath: string;
  modelDir: string;
  outDir: string;
  progress?: Progress;
}): Promise<EncodeStageResult> {
  const progress = args.progress ?? silentProgress;
  const backend = await selectBackend(args.config.backend ?? 'auto');
  const statePath = join(args.modelDir, MODEL_FILES.state);
  let stateBytes: Uint8Array;
  try {
    stateBytes = readFileSync(statePath);
  } catch {
    throw new Error(`${statePath}: missing (run the train stage first)`);
  }
  const model = deserializeTrainingState(stateBytes);
  const datasetBytes = readFileSync(args.datasetPath);
  const dataset = tableToDataset(readArrowFile(args.datasetPath), args.datasetPath);
  const wanted = new Set(args.config.splits.map((s) => SPLIT_CODE[s]));
  const rows: number[] = [];
  dataset.splits.forEach((s, i) => wanted.has(s) && rows.push(i));
  const subset = takeRows(dataset, rows);
  const n = subset.ids.length;
  progress.phase(`encode ${n} images`, n);
  const { codes, codeDim, reconstructionError } = await encodeImages(
    model,
    subset.pixels,
    n,
    (done) => progress.update(done),
  );
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
      provenance: {
        inputs: [
          { path: args.datasetPath, sha256: sha256Hex(datasetBytes) },
          { path: statePath, sha256: sha256Hex(stateBytes) },
        ],
        backend,
      },
    },
  );
  writeArrowFile(join(args.outDir, 'embeddings.arrow'), table);
  return { rows: n, dim: codeDim, backend };
}
