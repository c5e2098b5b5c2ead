import { bool, field, int, list, num, obj, oneOf } from '@latentlens/data';
import { seedField } from './common';

/** `train:` — the autoencoder and how it is trained (see @latentlens/model's AutoencoderConfig). */
export const trainSection = obj({
  kind: field(
    oneOf('dense', 'conv'),
    'dense',
    'dense layers, or two stride-2 convolutions before them',
  ),
  dims: field(
    list(int(1, 100000), 2, 8),
    undefined,
    "widths from the pixels to the code (default: the images' pixel count, then 256, 64)",
  ),
  filters: field(list(int(1, 1024), 2, 2), [16, 32], 'conv only: channels of the two convolutions'),
  tiedWeights: field(bool, true),
  activation: field(oneOf('tanh', 'relu', 'sigmoid', 'linear'), 'tanh'),
  center: field(oneOf('mean', 'none'), 'mean'),
  loss: field(oneOf('sse', 'mse', 'bce'), 'sse', 'bce needs activation sigmoid and center none'),
  optimizer: field(oneOf('adam', 'sgd', 'rmsprop'), 'adam'),
  learningRate: field(num({ min: 0, exclusiveMin: true, max: 10 }), 0.001),
  batchSize: field(int(1, 100000), 50),
  epochs: field(int(1, 100000), 30),
  validation: field(num({ min: 0, max: 0.9 }), 0, 'fraction of the train split held out'),
  earlyStopping: field(
    obj({
      patience: field(int(1, 100000), 5, 'epochs without improvement before stopping'),
      minDelta: field(num({ min: 0 }), 0, 'smallest drop of the validation loss that counts'),
    }),
    undefined,
    'stop when the validation loss stops improving (needs validation > 0)',
  ),
  workers: field(int(1, 64), 2, 'threads per batch; results depend on it, not on the machine'),
  backend: field(oneOf('auto', 'tensorflow', 'wasm', 'cpu'), 'auto'),
  seed: seedField,
});
