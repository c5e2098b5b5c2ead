import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from './backend';
import { defaultAutoencoderConfig, type AutoencoderConfig } from './config';
import { inProcessRunner, type RunnerFactory } from './epochRunner';
import { deserializeTrainingState, serializeTrainingState } from './serialize';
import { mnistDigits } from './test-helpers/mnistDigits';
import { stateBytes } from './test-helpers/stateBytes';
import { trainAutoencoder } from './train';

const { pixels, n } = mnistDigits(230);
const small: AutoencoderConfig = {
  ...defaultAutoencoderConfig,
  dims: [784, 32, 8],
  batchSize: 40,
  epochs: 3,
  seed: 5,
};

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('trainAutoencoder', () => {
  test('the same config and seed give the same weights byte for byte; another seed does not', async () => {
    const config = { ...small, epochs: 2 };
    const a = await trainAutoencoder(pixels, n, config);
    const b = await trainAutoencoder(pixels, n, config);
    expect(stateBytes(b.state).equals(stateBytes(a.state))).toBe(true);
    expect(b.history.map((h) => h.loss)).toEqual(a.history.map((h) => h.loss));
    const c = await trainAutoencoder(pixels, n, { ...config, seed: 6 });
    expect(stateBytes(c.state).equals(stateBytes(a.state))).toBe(false);
    expect(tf.memory().numTensors).toBe(0);
  });

  test.each([true, false])(
    'stopping after 2 epochs and resuming from the checkpoint bytes equals 3 epochs straight (tied %s)',
    async (tiedWeights) => {
      const config = { ...small, tiedWeights };
      const straight = await trainAutoencoder(pixels, n, config);
      const checkpoints: Uint8Array[] = [];
      await trainAutoencoder(
        pixels,
        n,
        { ...config, epochs: 2 },
        { onCheckpoint: (s) => void checkpoints.push(serializeTrainingState(s)) },
      );
      expect(checkpoints).toHaveLength(2);
      const resumeFrom = deserializeTrainingState(checkpoints[1]);
      expect(resumeFrom.epoch).toBe(2);
      const resumed = await trainAutoencoder(pixels, n, config, { resumeFrom });
      expect(stateBytes(resumed.state).equals(stateBytes(straight.state))).toBe(true);
      expect(resumed.state.rngState).toBe(straight.state.rngState);
      expect(resumed.state.step).toBe(3 * Math.ceil(n / config.batchSize));
      expect(resumed.history.map((h) => [h.epoch, h.loss])).toEqual(
        straight.history.map((h) => [h.epoch, h.loss]),
      );
    },
  );

  test('refuses to resume with a different config', async () => {
    const { state } = await trainAutoencoder(pixels, n, { ...small, epochs: 1 });
    await expect(
      trainAutoencoder(pixels, n, { ...small, learningRate: 0.01 }, { resumeFrom: state }),
    ).rejects.toThrow(/different learningRate/);
  });

  test('records the mean image, the loss per epoch and progress', async () => {
    const batches: number[] = [];
    const epochs: number[] = [];
    const { state, history } = await trainAutoencoder(
      pixels,
      n,
      { ...small, loss: 'mse', center: 'none' },
      {
        onBatch: (done, total) => {
          expect(total).toBe(6);
          batches.push(done);
        },
        onEpoch: (e) => epochs.push(e.epoch),
      },
    );
    expect(batches).toEqual([1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6]);
    expect(epochs).toEqual([1, 2, 3]);
    expect(state.mean.every((m) => m === 0)).toBe(true);
    expect(history.every((h) => h.loss > 0 && h.loss < 1 && h.seconds >= 0)).toBe(true);
    expect(state.epoch).toBe(3);

    const centred = await trainAutoencoder(pixels, n, { ...small, epochs: 1 });
    let sum = 0;
    for (let i = 0; i < n; i++) sum += pixels[i * 784 + 400];
    expect(centred.state.mean[400]).toBeCloseTo(sum / 255 / n, 6);
  });

  test('rejects bad input before doing any work', async () => {
    await expect(trainAutoencoder(pixels, n + 1, small)).rejects.toThrow(/Expected 231 images/);
    await expect(trainAutoencoder(pixels, n, { ...small, dims: [784] })).rejects.toThrow(/dims/);
    await expect(trainAutoencoder(pixels, n, { ...small, batchSize: 0 })).rejects.toThrow(
      /batchSize/,
    );
    await expect(trainAutoencoder(pixels, n, { ...small, epochs: 0 })).rejects.toThrow(
      /epochs must be a positive integer/,
    );
  });

  test('a loss that stops being a number ends training at that batch, with no epoch or checkpoint', async () => {
    const batches: number[] = [];
    const reported: unknown[] = [];
    const run = trainAutoencoder(
      pixels,
      n,
      { ...small, activation: 'linear', optimizer: 'sgd', learningRate: 10, workers: 1 },
      {
        onBatch: (done) => batches.push(done),
        onEpoch: (e) => reported.push(e),
        onCheckpoint: (s) => void reported.push(s),
      },
    );
    await expect(run).rejects.toThrow(
      /^training diverged: the training loss became (NaN|Infinity) in epoch 1 with learningRate 10, optimizer sgd, activation linear;/,
    );
    // 6 batches an epoch: the run stopped before the end of the first one.
    expect(batches.length).toBeLessThan(5);
    expect(reported).toEqual([]);
    expect(tf.memory().numTensors).toBe(0);
  });

  test('a weight that stops being a number ends training too, even with a finite loss', async () => {
    const runner: RunnerFactory = async (setup) => {
      const inner = await inProcessRunner(setup);
      return {
        ...inner,
        async arrays() {
          const arrays = await inner.arrays();
          arrays.params[1][0] = -Infinity;
          return arrays;
        },
      };
    };
    await expect(trainAutoencoder(pixels, n, small, { runner })).rejects.toThrow(
      /^training diverged: a weight became infinite or NaN in epoch 1 with learningRate 0\.001, optimizer adam, activation tanh;/,
    );
  });
});

describe('settings', () => {
  test.each([
    {
      name: 'bce on sigmoid outputs',
      config: { loss: 'bce', activation: 'sigmoid', center: 'none' },
    },
    { name: 'sgd', config: { optimizer: 'sgd', learningRate: 0.002 } },
    { name: 'rmsprop', config: { optimizer: 'rmsprop', learningRate: 1e-3 } },
    {
      name: 'a conv model',
      config: { kind: 'conv', dims: [784, 16], filters: [4, 8], learningRate: 5e-3, workers: 1 },
    },
  ] as { name: string; config: Partial<AutoencoderConfig> }[])(
    '$name: the loss falls and a rerun repeats it exactly',
    async ({ config }) => {
      const full = { ...small, epochs: 3, validation: 0.2, ...config };
      const a = await trainAutoencoder(pixels, n, full);
      const b = await trainAutoencoder(pixels, n, full);
      expect(stateBytes(b.state).equals(stateBytes(a.state))).toBe(true);
      const [first, , last] = a.history;
      expect(last.loss).toBeLessThan(0.95 * first.loss);
      expect(last.validationLoss).toBeLessThan(first.validationLoss);
      expect(tf.memory().numTensors).toBe(0);
    },
  );
});

describe('serializeTrainingState', () => {
  test('round-trips every float and field exactly, and rejects foreign bytes', async () => {
    const { state } = await trainAutoencoder(pixels, n, { ...small, epochs: 1 });
    const back = deserializeTrainingState(serializeTrainingState(state));
    expect(stateBytes(back).equals(stateBytes(state))).toBe(true);
    expect(Buffer.from(back.mean.buffer).equals(Buffer.from(state.mean.buffer))).toBe(true);
    const { params, mean, firstMoment, secondMoment, ...rest } = back;
    expect(rest).toEqual({
      ...state,
      params: undefined,
      mean: undefined,
      firstMoment: undefined,
      secondMoment: undefined,
    });
    expect(params.map((p) => [p.name, p.shape])).toEqual(
      state.params.map((p) => [p.name, p.shape]),
    );
    expect([mean.length, firstMoment.length, secondMoment.length]).toEqual([784, 6, 6]);
    expect(() => deserializeTrainingState(new Uint8Array(20))).toThrow(/bad magic/);
    const bytes = serializeTrainingState(state);
    expect(() => deserializeTrainingState(bytes.subarray(0, bytes.length - 4))).toThrow(
      /Truncated/,
    );
  });
});
