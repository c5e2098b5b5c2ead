import * as tf from '@tensorflow/tfjs-core';
import { adamUpdate, type AdamTensors } from './adam';
import { centeredBatch, checkPixelCount, meanImage } from './centering';
import { validateAutoencoderConfig, type AutoencoderConfig } from './config';
import { initialParameters } from './initialization';
import { lossAndGradients } from './network';
import { parameterLayout, type ParameterLayout } from './layout';
import { Mulberry32, shuffledIndices } from './prng';
import type { EpochRecord, TrainingResult, TrainingState } from './state';
import { checkParameters, downloadArrays, transposeKernels, uploadArrays } from './tensors';

export interface TrainOptions {
  onEpoch?(record: EpochRecord): void;
  /** Batches finished in the current epoch, and batches per epoch. */
  onBatch?(done: number, total: number): void;
  /** Called after every epoch with a full snapshot (e.g. to write a checkpoint). */
  onCheckpoint?(state: TrainingState): void | Promise<void>;
  /** Continue from a snapshot up to `config.epochs`; its config must equal `config` but for epochs. */
  resumeFrom?: TrainingState;
}

/**
 * Trains the autoencoder on the first n images of `pixels` (n × dims[0] bytes, row-major) with the
 * active tfjs backend. Each epoch visits every image once in an order shuffled by a seeded
 * Mulberry32, in batches of `batchSize` (the last one smaller if n is not a multiple).
 *
 * An epoch's reported loss is the mean per-sample loss over the epoch, as the batches saw it while
 * the weights moved: for 'sse' the per-image sum of squared error, for 'mse' its mean over pixels.
 *
 * Same config, seed, data and backend give the same weights bit for bit, and resuming from a
 * snapshot gives the same weights as never stopping.
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
  await tf.ready();
  const layout = parameterLayout(config.dims, config.tiedWeights);
  let state =
    options.resumeFrom === undefined
      ? initialTrainingState(pixels, n, config, layout)
      : resumableState(options.resumeFrom, config, layout);
  if (state.epoch >= config.epochs) return { state, history: state.history };

  let adam: AdamTensors = {
    params: uploadArrays(
      state.params.map((p) => p.values),
      layout,
    ),
    firstMoment: uploadArrays(state.firstMoment, layout),
    secondMoment: uploadArrays(state.secondMoment, layout),
  };
  let transposed = transposeKernels(adam.params);
  const rng = new Mulberry32(state.rngState);
  const batchesPerEpoch = Math.ceil(n / config.batchSize);
  let step = state.step;
  const history = [...state.history];
  try {
    for (let epoch = state.epoch; epoch < config.epochs; epoch++) {
      const started = Date.now();
      const order = shuffledIndices(rng, n);
      const batchErrors: tf.Scalar[] = [];
      for (let b = 0; b < batchesPerEpoch; b++) {
        const start = b * config.batchSize;
        const count = Math.min(config.batchSize, n - start);
        const columns = centeredBatch(pixels, order, start, count, state.mean, 'columns');
        const x = tf.tensor2d(columns, [size, count]);
        step += 1;
        const previous = { adam, transposed };
        tf.tidy(() => {
          const net = { params: adam.params, transposedKernels: transposed };
          const { sumSquaredError, gradients } = lossAndGradients(
            net,
            layout,
            config.activation,
            config.loss,
            x,
          );
          adam = adamUpdate(adam, gradients, config.learningRate, step);
          transposed = transposeKernels(adam.params);
          tf.keep(sumSquaredError);
          batchErrors.push(sumSquaredError);
          for (const t of [...adam.params, ...adam.firstMoment, ...adam.secondMoment]) tf.keep(t);
          for (const t of transposed) if (t !== null) tf.keep(t);
        });
        x.dispose();
        disposeTraining(previous.adam, previous.transposed);
        options.onBatch?.(b + 1, batchesPerEpoch);
      }
      const errors = tf.stack(batchErrors);
      const epochError = (await errors.data<'float32'>()).reduce((sum, e) => sum + e, 0);
      tf.dispose([errors, ...batchErrors]);
      const loss = config.loss === 'sse' ? epochError / n : epochError / (n * size);
      const record = { epoch: epoch + 1, loss, seconds: (Date.now() - started) / 1000 };
      history.push(record);
      options.onEpoch?.(record);
      if (options.onCheckpoint !== undefined || epoch + 1 === config.epochs) {
        state = await snapshot(state, adam, layout, {
          epoch: epoch + 1,
          step,
          rngState: rng.state,
          history,
        });
        await options.onCheckpoint?.(state);
      }
    }
  } finally {
    disposeTraining(adam, transposed);
  }
  return { state, history: state.history };
}

function disposeTraining(adam: AdamTensors, transposed: (tf.Tensor | null)[]): void {
  tf.dispose([...adam.params, ...adam.firstMoment, ...adam.secondMoment]);
  for (const t of transposed) t?.dispose();
}

function initialTrainingState(
  pixels: Uint8Array,
  n: number,
  config: AutoencoderConfig,
  layout: ParameterLayout,
): TrainingState {
  const rng = new Mulberry32(config.seed);
  const params = initialParameters(layout, rng);
  const size = config.dims[0];
  return {
    config: { ...config, dims: [...config.dims] },
    params,
    mean: config.center === 'mean' ? meanImage(pixels, n, size) : new Float32Array(size),
    epoch: 0,
    step: 0,
    firstMoment: params.map((p) => new Float32Array(p.values.length)),
    secondMoment: params.map((p) => new Float32Array(p.values.length)),
    rngState: rng.state,
    history: [],
  };
}

function resumableState(
  state: TrainingState,
  config: AutoencoderConfig,
  layout: ParameterLayout,
): TrainingState {
  const fields: (keyof AutoencoderConfig)[] = [
    'dims',
    'tiedWeights',
    'activation',
    'center',
    'loss',
    'learningRate',
    'batchSize',
    'seed',
  ];
  const differs = fields.filter(
    (f) => JSON.stringify(state.config[f]) !== JSON.stringify(config[f]),
  );
  if (differs.length > 0) {
    throw new Error(
      `Cannot resume: the snapshot was trained with a different ${differs.join(', ')}`,
    );
  }
  checkParameters(state.params, layout);
  if (state.mean.length !== config.dims[0])
    throw new Error('Cannot resume: the snapshot mean has the wrong size');
  return { ...state, config: { ...config, dims: [...config.dims] } };
}

async function snapshot(
  previous: TrainingState,
  adam: AdamTensors,
  layout: ParameterLayout,
  progress: Pick<TrainingState, 'epoch' | 'step' | 'rngState' | 'history'>,
): Promise<TrainingState> {
  const [values, firstMoment, secondMoment] = await Promise.all([
    downloadArrays(adam.params),
    downloadArrays(adam.firstMoment),
    downloadArrays(adam.secondMoment),
  ]);
  return {
    config: previous.config,
    mean: previous.mean,
    params: layout.params.map((spec, i) => ({
      name: spec.name,
      shape: [...spec.shape],
      values: values[i],
    })),
    firstMoment,
    secondMoment,
    ...progress,
    history: [...progress.history],
  };
}
