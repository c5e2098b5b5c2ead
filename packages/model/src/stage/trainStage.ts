import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  claimOutputDir,
  countPerSplit,
  historyToTable,
  ownsNames,
  Progress,
  readArrowInput,
  RefusedInput,
  replaceDirAtomic,
  silentProgress,
  SPLIT_CODE,
  tableToDataset,
  valuesPerImage,
  takeRows,
  writeArrowFile,
  writeFileAtomic,
} from '@latentlens/data';
import { BackendPreference, selectBackend } from '../core/backend';
import {
  AutoencoderConfig,
  defaultAutoencoderConfig,
  validateAutoencoderConfig,
} from '../core/config';
import { toLayersModelArtifacts } from '../core/layersModel';
import { serializeTrainingState } from '../core/serialize';
import { trainAutoencoder } from '../core/train';
import { parallelRunner } from '../parallel/parallelRunner';
import {
  CHECKPOINT_FILES,
  findCheckpoint,
  ResumeMode,
  startCheckpoints,
  timeless,
  writeCheckpoint,
} from './checkpoint';
import { lossChartPixels } from './lossChart';
import { encodePng } from './png';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const VERSION: string = require('../../package.json').version;

/** The `train:` section: the model and its training (AutoencoderConfig) plus the backend. */
export type TrainStageConfig = Partial<AutoencoderConfig> & { backend?: BackendPreference };

export interface TrainStageResult {
  backend: string;
  epochs: number;
  samples: number;
  finalLoss: number;
  /** Epochs done by an earlier, interrupted run and continued from its checkpoint (0 if none). */
  resumedEpochs: number;
  /** True when early stopping ended training before `epochs`. */
  stoppedEarly: boolean;
}

/** Files of the `model/` folder: a standard tfjs Layers model plus our exact training state. */
export const MODEL_FILES = {
  layersModel: 'model.json',
  layersWeights: 'weights.bin',
  state: 'state.bin',
} as const;

/** The files of a train stage's folder. */
export const TRAIN_FILES = {
  model: 'model',
  history: 'history.arrow',
  lossChart: 'loss.png',
  checkpoint: 'checkpoint',
} as const;

/**
 * Fills the defaults (the seed's) and what the images decide: without `dims`, the seed's widths
 * after an input layer of the images' pixel count (so 10×10 images get [100, 256, 64]); for a
 * conv model, the image shape.
 */
export function resolveTrainConfig(
  config: TrainStageConfig,
  image: { rows: number; cols: number; channels?: number },
): { config: AutoencoderConfig; backend: BackendPreference } {
  const { backend = 'auto', ...overrides } = config;
  const resolved: AutoencoderConfig = {
    ...defaultAutoencoderConfig,
    dims: [valuesPerImage(image), ...defaultAutoencoderConfig.dims.slice(1)],
    ...stripUndefined(overrides),
  };
  const channels = image.channels ?? 1;
  // Grey images keep the two-number shape, so grey conv configs are written as before.
  if (resolved.kind === 'conv')
    resolved.imageShape ??=
      channels === 1 ? [image.rows, image.cols] : [image.rows, image.cols, channels];
  return { config: resolved, backend };
}

/**
 * The train stage: the train split of `dataset.arrow` → `<outDir>/model/` (tfjs Layers model and
 * the full training state, centring mean included), `<outDir>/history.arrow` and `loss.png`.
 *
 * After every epoch the training state goes to `<outDir>/checkpoint/state.bin` (atomically). A
 * run into a folder holding the checkpoint of a run with the same data, backend and config
 * (epochs aside) continues after its last complete epoch and ends with the same bytes as a run
 * never interrupted; `resume` 'always' insists on that, 'never' starts over.
 */
export async function runTrainStage(args: {
  config: TrainStageConfig;
  datasetPath: string;
  outDir: string;
  progress?: Progress;
  resume?: ResumeMode;
}): Promise<TrainStageResult> {
  const progress = args.progress ?? silentProgress;
  claimOutputDir(args.outDir, {
    stage: 'train stage',
    owns: ownsNames([
      TRAIN_FILES.history,
      TRAIN_FILES.lossChart,
      ...Object.values(MODEL_FILES).map((f) => `${TRAIN_FILES.model}/${f}`),
      ...Object.values(CHECKPOINT_FILES).map((f) => `${TRAIN_FILES.checkpoint}/${f}`),
    ]),
    inputs: [args.datasetPath],
  });
  const input = readArrowInput(args.datasetPath);
  const dataset = tableToDataset(input.table, args.datasetPath);
  const { config, backend: preference } = resolveTrainConfig(args.config, dataset);
  // Before the checkpoint folder is touched: a bad config must not cost the previous one.
  validateAutoencoderConfig(config);
  const backend = await selectBackend(preference);
  progress.log(
    `tfjs backend: ${backend}, ${config.workers} worker thread${config.workers > 1 ? 's' : ''}`,
  );

  const trainRows: number[] = [];
  dataset.splits.forEach((s, i) => s === SPLIT_CODE.train && trainRows.push(i));
  const train = takeRows(dataset, trainRows);
  const n = train.ids.length;
  if (n === 0)
    throw new RefusedInput(
      `${args.datasetPath}: no train images (splits ${JSON.stringify(countPerSplit(dataset))}); re-run the data stage with a source, limit or sample that keeps some`,
    );
  const pixels = valuesPerImage(dataset);
  if (config.dims[0] !== pixels) {
    const dims = [pixels, ...config.dims.slice(1)].join(',');
    const grey = (dataset.channels ?? 1) === 1;
    const shape = `${dataset.rows}×${dataset.cols}${grey ? '' : `×${dataset.channels}`} = ${pixels} ${grey ? 'pixels' : 'values'}`;
    throw new RefusedInput(
      `${args.datasetPath}: the images have ${shape} but train.dims starts with ${config.dims[0]}; set train.dims[0] to ${pixels} in the pipeline file, or run latentlens train --dims ${dims} (without --dims it starts with the pixel count)`,
    );
  }

  const checkpointDir = join(args.outDir, TRAIN_FILES.checkpoint);
  const identity = { datasetSha256: input.sha256, backend };
  const found = findCheckpoint(checkpointDir, identity, config, args.resume ?? 'auto');
  if (found.state === null) startCheckpoints(checkpointDir, identity);
  progress.log(`checkpoint: ${found.reason}`);
  const resumedEpochs = found.state?.epoch ?? 0;

  progress.phase(`train ${config.epochs} epochs on ${n} images`, config.epochs);
  const describe = (e: { loss: number; validationLoss: number; seconds: number }): string =>
    `loss ${e.loss.toPrecision(5)}${Number.isNaN(e.validationLoss) ? '' : `, validation ${e.validationLoss.toPrecision(5)}`} (${e.seconds.toFixed(1)}s/epoch)`;
  if (found.state !== null && found.state.history.length > 0) {
    const last = found.state.history[found.state.history.length - 1];
    progress.update(last.epoch, describe(last));
  }
  const { state, history } = await trainAutoencoder(train.pixels, n, config, {
    resumeFrom: found.state ?? undefined,
    runner: config.workers > 1 ? parallelRunner(backend) : undefined,
    onEpoch: (e) => progress.update(e.epoch, describe(e)),
    onCheckpoint: (s) => writeCheckpoint(checkpointDir, s),
  });

  const artifacts = toLayersModelArtifacts(state);
  await replaceDirAtomic(join(args.outDir, TRAIN_FILES.model), (tmp) => {
    writeFileSync(join(tmp, MODEL_FILES.layersModel), JSON.stringify(artifacts.modelJson));
    writeFileSync(join(tmp, MODEL_FILES.layersWeights), new Uint8Array(artifacts.weightData));
    // Without wall times (history.arrow has them) so that the same run gives the same bytes.
    writeFileSync(join(tmp, MODEL_FILES.state), serializeTrainingState(timeless(state)));
  });
  const table = historyToTable(
    {
      epoch: Int32Array.from(history, (h) => h.epoch),
      trainLoss: Float32Array.from(history, (h) => h.loss),
      validationLoss: Float32Array.from(history, (h) => h.validationLoss),
      seconds: Float32Array.from(history, (h) => h.seconds),
    },
    {
      stage: 'train',
      version: VERSION,
      config: { ...config, backend: preference },
      provenance: {
        inputs: [{ path: relative(args.outDir, args.datasetPath), sha256: identity.datasetSha256 }],
        backend,
      },
    },
    { backend },
  );
  writeArrowFile(join(args.outDir, TRAIN_FILES.history), table);
  const chart = lossChartPixels(history);
  writeFileAtomic(
    join(args.outDir, TRAIN_FILES.lossChart),
    encodePng(chart.rgb, chart.width, chart.height),
  );
  return {
    backend,
    epochs: state.epoch,
    samples: n,
    finalLoss: history.length ? history[history.length - 1].loss : NaN,
    resumedEpochs,
    stoppedEarly: state.epoch < config.epochs,
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
