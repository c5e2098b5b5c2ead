import { RefusedInput } from '@latentlens/data';

export type Activation = 'tanh' | 'relu' | 'sigmoid' | 'linear';
export type Loss = 'sse' | 'mse' | 'bce';
export type OptimizerName = 'adam' | 'sgd' | 'rmsprop';
export type ModelKind = 'dense' | 'conv';

export interface EarlyStopping {
  /** Epochs without an improvement of the validation loss before training stops. */
  patience: number;
  /** An epoch improves on the best validation loss only when it is lower by more than this. */
  minDelta: number;
}

/** Everything that decides what `trainAutoencoder` computes. */
export interface AutoencoderConfig {
  /**
   * 'dense': fully connected layers of widths `dims`. 'conv': two stride-2 3×3 convolutions
   * (`filters` channels) first, then fully connected layers of widths `dims[1..]`; the decoder
   * mirrors the encoder with transposed convolutions.
   */
  kind: ModelKind;
  /** Layer widths from the input to the code, e.g. [784, 256, 64]; dims[0] is rows×cols×channels. */
  dims: number[];
  /** conv only: channels of the two convolutions. */
  filters: number[];
  /**
   * conv only: [rows, cols] of an image, and its channels third when not 1 (RGB interleaved:
   * [32, 32, 3]); when absent the image is taken to be square and grey.
   */
  imageShape?: [number, number] | [number, number, number];
  /**
   * When true the decoder reuses the encoder's kernels, transposed (each keeps its own bias); for
   * conv, each transposed convolution also reuses the kernel of its mirror convolution.
   */
  tiedWeights: boolean;
  /** Applied after every layer, the output layer included. */
  activation: Activation;
  /** 'mean' subtracts the mean training image from pixels/255; 'none' uses pixels/255. */
  center: 'mean' | 'none';
  /**
   * 'sse': per image, the sum of squared error; 'mse': its mean over pixels; 'bce': binary
   * cross-entropy averaged over pixels (needs sigmoid outputs and targets in [0, 1], that is
   * activation 'sigmoid' and center 'none').
   */
  loss: Loss;
  optimizer: OptimizerName;
  learningRate: number;
  batchSize: number;
  epochs: number;
  seed: number;
  /** Fraction of the training images held out (chosen by the seed) to measure validation loss. */
  validation: number;
  /** Stop when the validation loss stops improving; needs `validation` > 0. */
  earlyStopping?: EarlyStopping;
  /**
   * Each batch's gradient is computed in this many parts (about equal, see batchPart), summed in
   * a fixed order; a parallel trainer runs the parts on as many threads. Results are identical for a given count
   * (whether or not threads run them) and differ, by rounding only, between counts.
   */
  workers: number;
}

/** The seed demo's settings (the seed ran in one process: `workers: 2` is this project's own). */
export const defaultAutoencoderConfig: Readonly<AutoencoderConfig> = Object.freeze({
  kind: 'dense',
  dims: [784, 256, 64],
  filters: [16, 32],
  tiedWeights: true,
  activation: 'tanh',
  center: 'mean',
  loss: 'sse',
  optimizer: 'adam',
  learningRate: 1e-3,
  batchSize: 50,
  epochs: 30,
  seed: 1,
  validation: 0,
  workers: 2,
});

const activations: readonly Activation[] = ['tanh', 'relu', 'sigmoid', 'linear'];
const losses: readonly Loss[] = ['sse', 'mse', 'bce'];
const optimizers: readonly OptimizerName[] = ['adam', 'sgd', 'rmsprop'];

function isPositiveInteger(x: number): boolean {
  return Number.isInteger(x) && x > 0;
}

/** Rows, cols and channels of a conv model's input image. */
export function imageShapeOf(config: AutoencoderConfig): {
  rows: number;
  cols: number;
  channels: number;
} {
  if (config.imageShape !== undefined) {
    const [rows, cols, channels = 1] = config.imageShape;
    return { rows, cols, channels };
  }
  const side = Math.round(Math.sqrt(config.dims[0]));
  return { rows: side, cols: side, channels: 1 };
}

/** The nearest multiple of 4 to `n` (at least 4): the fix offered for a conv model's image size. */
function multipleOf4(n: number): number {
  return Math.max(4, Math.round(n / 4) * 4);
}

function convProblems(config: AutoencoderConfig): string[] {
  const problems: string[] = [];
  if (
    !Array.isArray(config.filters) ||
    config.filters.length !== 2 ||
    !config.filters.every(isPositiveInteger)
  ) {
    problems.push('filters must list two positive integers (the channels of the two convolutions)');
  }
  const { rows, cols, channels } = imageShapeOf(config);
  if (rows * cols * channels !== config.dims[0]) {
    problems.push(
      `a conv model needs the image shape: dims[0] = ${config.dims[0]} is not rows×cols×channels (${rows}×${cols}×${channels})`,
    );
  } else if (rows % 4 !== 0 || cols % 4 !== 0) {
    // Two stride-2 convolutions halve the image twice, and the transposed ones must give it back.
    problems.push(
      `the conv autoencoder needs image sizes divisible by 4, got ${rows}×${cols}; set data.size to [${multipleOf4(rows)}, ${multipleOf4(cols)}] or use train.kind: dense`,
    );
  }
  return problems;
}

/** Throws a message naming the offending field, so a bad pipeline YAML fails before any work. */
export function validateAutoencoderConfig(config: AutoencoderConfig): void {
  const problems: string[] = [];
  if (config.kind !== 'dense' && config.kind !== 'conv')
    problems.push("kind must be 'dense' or 'conv'");
  const dimsOk =
    Array.isArray(config.dims) && config.dims.length >= 2 && config.dims.every(isPositiveInteger);
  if (!dimsOk) problems.push('dims must list at least two positive integers');
  if (dimsOk && config.kind === 'conv') problems.push(...convProblems(config));
  if (!activations.includes(config.activation)) {
    problems.push(`activation must be one of ${activations.join(', ')}`);
  }
  if (config.center !== 'mean' && config.center !== 'none')
    problems.push("center must be 'mean' or 'none'");
  if (!losses.includes(config.loss)) problems.push(`loss must be one of ${losses.join(', ')}`);
  if (config.loss === 'bce' && (config.activation !== 'sigmoid' || config.center !== 'none')) {
    problems.push(
      "loss 'bce' needs activation 'sigmoid' and center 'none' (outputs and targets in [0, 1])",
    );
  }
  if (!optimizers.includes(config.optimizer))
    problems.push(`optimizer must be one of ${optimizers.join(', ')}`);
  if (!(config.learningRate > 0) || !Number.isFinite(config.learningRate)) {
    problems.push('learningRate must be a positive number');
  }
  if (!isPositiveInteger(config.batchSize)) problems.push('batchSize must be a positive integer');
  if (!isPositiveInteger(config.epochs)) problems.push('epochs must be a positive integer');
  if (!Number.isInteger(config.seed)) problems.push('seed must be an integer');
  if (!(config.validation >= 0 && config.validation < 1))
    problems.push('validation must be a fraction in [0, 1)');
  if (config.earlyStopping !== undefined) {
    const { patience, minDelta } = config.earlyStopping;
    if (!isPositiveInteger(patience))
      problems.push('earlyStopping.patience must be a positive integer');
    if (!(minDelta >= 0)) problems.push('earlyStopping.minDelta must be a non-negative number');
    if (!(config.validation > 0))
      problems.push('earlyStopping needs a validation fraction above 0');
  }
  if (!isPositiveInteger(config.workers) || config.workers > 64)
    problems.push('workers must be an integer from 1 to 64');
  if (problems.length > 0)
    throw new RefusedInput(`Invalid autoencoder config: ${problems.join('; ')}`);
}

/** A deep copy made of plain objects of this realm (structuredClone's are not, under jest). */
export function cloneConfig(config: AutoencoderConfig): AutoencoderConfig {
  return JSON.parse(JSON.stringify(config)) as AutoencoderConfig;
}
