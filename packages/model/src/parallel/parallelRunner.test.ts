import { selectBackend } from '../core/backend';
import { defaultAutoencoderConfig, type AutoencoderConfig } from '../core/config';
import { mnistDigits } from '../core/test-helpers/mnistDigits';
import { stateBytes } from '../core/test-helpers/stateBytes';
import { trainAutoencoder } from '../core/train';
import { parallelRunner } from './parallelRunner';

beforeAll(async () => {
  await selectBackend('wasm');
});

const small: AutoencoderConfig = {
  ...defaultAutoencoderConfig,
  dims: [784, 32, 8],
  batchSize: 40,
  epochs: 2,
  seed: 3,
};

test.each([
  // 201 images: the last batch has one image, so one thread's part is empty.
  { n: 201, config: { ...small, workers: 2 } },
  { n: 230, config: { ...small, workers: 3, optimizer: 'rmsprop' as const, validation: 0.1 } },
])(
  'worker threads give the in-process numbers byte for byte ($config.workers workers, $n images)',
  async ({ n, config }) => {
    const { pixels } = mnistDigits(n);
    const inProcess = await trainAutoencoder(pixels, n, config);
    const batches: number[] = [];
    const threaded = await trainAutoencoder(pixels, n, config, {
      runner: parallelRunner('wasm'),
      onBatch: (done) => batches.push(done),
    });
    expect(stateBytes(threaded.state).equals(stateBytes(inProcess.state))).toBe(true);
    expect(threaded.history.map((h) => [h.loss, h.validationLoss])).toEqual(
      inProcess.history.map((h) => [h.loss, h.validationLoss]),
    );
    expect(batches.at(-1)).toBe(
      Math.ceil((n - Math.round(n * config.validation)) / config.batchSize),
    );
  },
);

test('a failing worker fails the training instead of hanging', async () => {
  const { pixels } = mnistDigits(50);
  await expect(
    trainAutoencoder(
      pixels,
      50,
      { ...small, workers: 2 },
      { runner: parallelRunner('tensorflow') },
    ),
  ).rejects.toThrow(/Worker failed: .*tensorflow/);
});
