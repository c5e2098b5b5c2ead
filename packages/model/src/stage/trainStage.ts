import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Progress,
  SPLIT_CODE,
  historyToTable,
  readArrowFile,
  replaceDirAtomic,
  sha256Hex,
  silentProgress,
  tableToDataset,
  takeRows,
  writeArrowFile,
} from '@latentlens/data';
import { writeFileSync } from 'node:fs';
import { BackendPreference, selectBackend } from '../core/backend';
import { AutoencoderConfig, defaultAutoencoderConfig } from '../core/config';
import { toLayersModelArtifacts } from '../core/layersModel';
import { serializeTrainingState } from '../core/serialize';
import { trainAutoencoder } from '../core/train';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const VERSION: string = require('../../package.json').version;

export type TrainStageConfig = Partial<AutoencoderConfig> & { backend?: BackendPreference };

export interface TrainStageResult {
  backend: string;
  epochs: number;
  samples: number;
  finalLoss: number;
}

/** Files of the `model/` folder: a standard tfjs Layers model plus our exact training state. */
export const MODEL_FILES = {
  layersModel: 'model.json',
  layersWeights: 'weights.bin',
  state: 'state.bin',
} as const;

/**
 * The train stage: the train split of `dataset.arrow` → `<outDir>/model/` (tfjs Layers model and
 * the full training state, centring mean included) and `<outDir>/history.arrow`.
 */
export async function runTrainStage(args: {
  config: TrainStageConfig;
  datasetPath: string;
  outDir: string;
  progress?: Progress;
}): Promise<TrainStageResult> {
  const progress = args.progress ?? silentProgress;
  const { backend: preference = 'auto', ...overrides } = args.config;
  const config: AutoencoderConfig = { ...defaultAutoencoderConfig, ...stripUndefined(overrides) };
  const backend = await selectBackend(preference);
  progress.log(`tfjs backend: ${backend}`);

  const bytes = readFileSync(args.datasetPath);
  const dataset = tableToDataset(readArrowFile(args.datasetPath), args.datasetPath);
  const trainRows: number[] = [];
  dataset.splits.forEach((s, i) => s === SPLIT_CODE.train && trainRows.push(i));
  const train = takeRows(dataset, trainRows);
  const n = train.ids.length;
  if (n === 0)
    throw new Error(`${args.datasetPath}: no train images (check data.limit / data.sample)`);
  if (config.dims[0] !== dataset.rows * dataset.cols) {
    throw new Error(
      `train.dims starts with ${config.dims[0]} but the images have ${dataset.rows}×${dataset.cols} = ${dataset.rows * dataset.cols} pixels (set train.dims[0] to that)`,
    );
  }

  progress.phase(`train ${config.epochs} epochs on ${n} images`, config.epochs);
  const result = await trainAutoencoder(train.pixels, n, config, {
    onEpoch: (e) =>
      progress.update(e.epoch, `loss ${e.loss.toPrecision(5)} (${e.seconds.toFixed(1)}s/epoch)`),
  });
  const { state, history } = result;

  const modelDir = join(args.outDir, 'model');
  const artifacts = toLayersModelArtifacts(state);
  await replaceDirAtomic(modelDir, (tmp) => {
    writeFileSync(join(tmp, MODEL_FILES.layersModel), JSON.stringify(artifacts.modelJson));
    writeFileSync(join(tmp, MODEL_FILES.layersWeights), new Uint8Array(artifacts.weightData));
    writeFileSync(join(tmp, MODEL_FILES.state), serializeTrainingState(state));
  });
  const table = historyToTable(
    {
      epoch: Int32Array.from(history, (h) => h.epoch),
      trainLoss: Float32Array.from(history, (h) => h.loss),
      validationLoss: new Float32Array(history.length).fill(NaN),
      seconds: Float32Array.from(history, (h) => h.seconds),
    },
    {
      stage: 'train',
      version: VERSION,
      config: { ...config, backend: preference },
      provenance: { inputs: [{ path: args.datasetPath, sha256: sha256Hex(bytes) }], backend },
    },
    { backend },
  );
  writeArrowFile(join(args.outDir, 'history.arrow'), table);
  return {
    backend,
    epochs: config.epochs,
    samples: n,
    finalLoss: history.length ? history[history.length - 1].loss : NaN,
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
