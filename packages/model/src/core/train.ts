import { parameterSpecs } from './architectures';
import { checkPixelCount, meanImage } from './centering';
import {
  cloneConfig,
  defaultAutoencoderConfig,
  validateAutoencoderConfig,
  type AutoencoderConfig,
} from './config';
import { shouldStopEarly } from './earlyStopping';
import { inProcessRunner, type RunnerFactory } from './epochRunner';
import { holdoutSplit } from './holdout';
import { initialParameters } from './initialization';
import { meanLoss } from './loss';
import { Mulberry32, shuffledIndices } from './prng';
import type { EpochRecord, TrainingResult, TrainingState } from './state';
import { checkParameters } from './tensors';

export interface TrainOptions {
  onEpoch?(record: EpochRecord): void;
  /** Batches finished in the current epoch, and batches per epoch. */
  onBatch?(done: number, total: number): void;
  /** Called after every epoch with a full snapshot (e.g. to write a checkpoint). */
  onCheckpoint?(state: TrainingState): void | Promise<void>;
  /** Continue from a snapshot up to `config.epochs`; its config must equal `config` but for epochs. */
  resumeFrom?: TrainingState;
  /** Who runs the batches; the default runs them in this thread (see src/parallel for threads). */
  runner?: RunnerFactory;
}

/**
 * Trains the autoencoder on the first n images of `pixels` (n × dims[0] bytes, row-major) with the
 * active tfjs backend. A `validation` fraction of the images, drawn by the seed, is held out. Each
 * epoch visits every other image once in an order shuffled by a seeded Mulberry32, in batches of
 * `batchSize` (the last one smaller if the count is not a multiple).
 *
 * An epoch's reported loss is the mean per-sample loss over the epoch, as the batches saw it while
 * the weights moved: for 'sse' the per-image sum of squared error, for 'mse' and 'bce' the mean
 * over pixels too. Its validation loss is the same measure on the held-out images afterwards.
 *
 * Same config, seed, data and backend give the same weights bit for bit, whichever runner runs
 * them, and resuming from a snapshot gives the same weights as never stopping.
 */
export async function trainAutoencoder(
  pixels: Uint8Array,
  n: number,
  config: AutoencoderConfig,
  options: TrainOptions = {},
): Promise<TrainingResult> {
  validateAutoencoderConfig(config);
  const size = config.dims[0];
  checkPixelCount(pixels, n, size);
  if (n === 0) throw new Error('Cannot train on zero images');
  const split = holdoutSplit(n, config.validation, config.seed);
  let state =
    options.resumeFrom === undefined
      ? initialTrainingState(pixels, split.train, config)
      : resumableState(options.resumeFrom, config);
  const finished = (s: TrainingState): boolean =>
    s.epoch >= config.epochs || shouldStopEarly(s.history, config.earlyStopping);
  if (finished(state)) return { state, history: state.history };

  const specs = parameterSpecs(config);
  const runner = await (options.runner ?? inProcessRunner)({
    config: state.config,
    images: { pixels, mean: state.mean },
    start: { ...state, params: state.params.map((p) => p.values) },
  });
  const rng = new Mulberry32(state.rngState);
  const batchesPerEpoch = Math.ceil(split.train.length / config.batchSize);
  try {
    while (!finished(state)) {
      const started = Date.now();
      const order = shuffledIndices(rng, split.train.length).map((i) => split.train[i]);
      const lossSum = await runner.trainEpoch(order, state.step + 1, options.onBatch);
      const validationLoss =
        split.validation.length === 0
          ? NaN
          : meanLoss(
              config.loss,
              await runner.evaluate(split.validation),
              split.validation.length,
              size,
            );
      const record: EpochRecord = {
        epoch: state.epoch + 1,
        loss: meanLoss(config.loss, lossSum, split.train.length, size),
        validationLoss,
        seconds: (Date.now() - started) / 1000,
      };
      const arrays = await runner.arrays();
      checkConverging(record, split.validation.length > 0, arrays.params, config);
      options.onEpoch?.(record);
      state = {
        ...state,
        ...arrays,
        params: specs.map((spec, i) => ({
          name: spec.name,
          shape: [...spec.shape],
          values: arrays.params[i],
        })),
        epoch: record.epoch,
        step: state.step + batchesPerEpoch,
        rngState: rng.state,
        history: [...state.history, record],
      };
      await options.onCheckpoint?.(state);
    }
  } finally {
    await runner.dispose();
  }
  return { state, history: state.history };
}

/**
 * Throws when an epoch's training or validation loss, or a weight after it, is not a finite
 * number: training has diverged and nothing it made from then on is worth keeping. The runners
 * stop an epoch at its first non-finite batch loss, so this comes at most one batch late.
 */
function checkConverging(
  record: EpochRecord,
  validated: boolean,
  params: readonly Float32Array[],
  config: AutoencoderConfig,
): void {
  const bad = !Number.isFinite(record.loss)
    ? `the training loss became ${record.loss}`
    : validated && !Number.isFinite(record.validationLoss)
      ? `the validation loss became ${record.validationLoss}`
      : params.some((p) => p.some((v) => !Number.isFinite(v)))
        ? 'a weight became infinite or NaN'
        : undefined;
  if (!bad) return;
  throw new Error(
    `training diverged: ${bad} in epoch ${record.epoch} with learningRate ${config.learningRate}, ` +
      `optimizer ${config.optimizer}, activation ${config.activation}; lower learningRate ` +
      `(e.g. ${defaultAutoencoderConfig.learningRate}), or use optimizer ${defaultAutoencoderConfig.optimizer} ` +
      `or activation ${defaultAutoencoderConfig.activation}`,
  );
}

function initialTrainingState(
  pixels: Uint8Array,
  trainImages: Int32Array,
  config: AutoencoderConfig,
): TrainingState {
  const rng = new Mulberry32(config.seed);
  const params = initialParameters(parameterSpecs(config), rng);
  const size = config.dims[0];
  return {
    config: cloneConfig(config),
    params,
    mean: config.center === 'mean' ? meanImage(pixels, trainImages, size) : new Float32Array(size),
    epoch: 0,
    step: 0,
    firstMoment: params.map((p) => new Float32Array(p.values.length)),
    secondMoment: params.map((p) => new Float32Array(p.values.length)),
    rngState: rng.state,
    history: [],
  };
}

/** The config fields a snapshot must share with the run that continues it. */
export function resumeMismatches(saved: AutoencoderConfig, wanted: AutoencoderConfig): string[] {
  const fields = new Set([...Object.keys(saved), ...Object.keys(wanted)]);
  fields.delete('epochs');
  return [...fields].filter(
    (f) =>
      JSON.stringify(saved[f as keyof AutoencoderConfig]) !==
      JSON.stringify(wanted[f as keyof AutoencoderConfig]),
  );
}

function resumableState(state: TrainingState, config: AutoencoderConfig): TrainingState {
  const differs = resumeMismatches(state.config, config);
  if (differs.length > 0) {
    throw new Error(
      `Cannot resume: the snapshot was trained with a different ${differs.join(', ')}`,
    );
  }
  checkParameters(state.params, parameterSpecs(config));
  if (state.mean.length !== config.dims[0])
    throw new Error('Cannot resume: the snapshot mean has the wrong size');
  if (state.epoch > config.epochs)
    throw new Error(
      `Cannot resume: the snapshot has ${state.epoch} epochs, more than the ${config.epochs} asked for`,
    );
  return { ...state, config: cloneConfig(config) };
}
