export type Activation = 'tanh' | 'relu' | 'sigmoid' | 'linear';

/** Everything that decides what `trainAutoencoder` computes. */
export interface AutoencoderConfig {
  /** Layer widths from the input to the code, e.g. [784, 256, 64]; the decoder mirrors them. */
  dims: number[];
  /** When true the decoder uses the transposes of the encoder's kernels (with its own biases). */
  tiedWeights: boolean;
  /** Applied after every dense layer, the output layer included. */
  activation: Activation;
  /** 'mean' subtracts the mean training image from pixels/255; 'none' uses pixels/255. */
  center: 'mean' | 'none';
  /** 'sse': sum of squared error over the batch; 'mse': mean over the batch's elements. */
  loss: 'sse' | 'mse';
  learningRate: number;
  batchSize: number;
  epochs: number;
  seed: number;
}

/** The seed demo's settings. */
export const defaultAutoencoderConfig: Readonly<AutoencoderConfig> = Object.freeze({
  dims: [784, 256, 64],
  tiedWeights: true,
  activation: 'tanh',
  center: 'mean',
  loss: 'sse',
  learningRate: 1e-3,
  batchSize: 50,
  epochs: 30,
  seed: 1,
});

const activations: readonly Activation[] = ['tanh', 'relu', 'sigmoid', 'linear'];

function isPositiveInteger(x: number): boolean {
  return Number.isInteger(x) && x > 0;
}

/** Throws a message naming the offending field, so a bad pipeline YAML fails before any work. */
export function validateAutoencoderConfig(config: AutoencoderConfig): void {
  const problems: string[] = [];
  if (
    !Array.isArray(config.dims) ||
    config.dims.length < 2 ||
    !config.dims.every(isPositiveInteger)
  ) {
    problems.push('dims must list at least two positive integers');
  }
  if (!activations.includes(config.activation)) {
    problems.push(`activation must be one of ${activations.join(', ')}`);
  }
  if (config.center !== 'mean' && config.center !== 'none')
    problems.push("center must be 'mean' or 'none'");
  if (config.loss !== 'sse' && config.loss !== 'mse') problems.push("loss must be 'sse' or 'mse'");
  if (!(config.learningRate > 0) || !Number.isFinite(config.learningRate)) {
    problems.push('learningRate must be a positive number');
  }
  if (!isPositiveInteger(config.batchSize)) problems.push('batchSize must be a positive integer');
  if (!Number.isInteger(config.epochs) || config.epochs < 0)
    problems.push('epochs must be a non-negative integer');
  if (!Number.isInteger(config.seed)) problems.push('seed must be an integer');
  if (problems.length > 0) throw new Error(`Invalid autoencoder config: ${problems.join('; ')}`);
}
