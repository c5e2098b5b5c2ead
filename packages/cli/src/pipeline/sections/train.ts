import { Rule, bool, field, int, list, num, obj, oneOf } from '../schema';
import { seedField } from './common';

/** `train:` — the autoencoder and how it is trained (see @latentlens/model). */
export const trainSection: Rule = obj({
  dims: field(list(int(1, 100000), 2, 8), [784, 256, 64]),
  tiedWeights: field(bool, true),
  activation: field(oneOf('tanh', 'relu', 'sigmoid', 'linear'), 'tanh'),
  center: field(oneOf('mean', 'none'), 'mean'),
  loss: field(oneOf('sse', 'mse'), 'sse'),
  learningRate: field(num({ min: 0, exclusiveMin: true, max: 10 }), 0.001),
  batchSize: field(int(1, 100000), 50),
  epochs: field(int(1, 100000), 30),
  backend: field(oneOf('auto', 'tensorflow', 'wasm', 'cpu'), 'auto'),
  seed: seedField,
});
