import * as tf from '@tensorflow/tfjs-core';
// tfjs-core's node bundle registers no gradients; loading tfjs-layers registers them all.
import '@tensorflow/tfjs-layers';
import { selectBackend } from './backend';
import { centeredBatch, meanImage } from './centering';
import { defaultAutoencoderConfig, type AutoencoderConfig } from './config';
import { initialParameters } from './initialization';
import { parameterLayout } from './layout';
import { Mulberry32, shuffledIndices } from './prng';
import { mnistDigits } from './test-helpers/mnistDigits';
import { trainAutoencoder } from './train';
import { parallelRunner } from '../parallel/parallelRunner';

/**
 * The seed autoencoder written the obvious way: tf.variable, autodiff through tf.train.adam's
 * minimize, transposed products by flag, one thread. Same start point and shuffles as
 * trainAutoencoder, so any difference comes from the hand-written backward pass, the batch split
 * into parts, and the JavaScript Adam step.
 */
function referenceEpochLosses(pixels: Uint8Array, n: number, config: AutoencoderConfig): number[] {
  const layout = parameterLayout(config.dims, config.tiedWeights);
  const rng = new Mulberry32(config.seed);
  const variables = initialParameters(layout.params, rng).map((p) =>
    tf.variable(tf.tensor(p.values, p.shape)),
  );
  const optimizer = tf.train.adam(config.learningRate, 0.9, 0.999, 1e-8);
  const mean = meanImage(pixels, n, config.dims[0]);
  const losses: number[] = [];
  for (let epoch = 0; epoch < config.epochs; epoch++) {
    const order = shuffledIndices(rng, n);
    let total = 0;
    for (let start = 0; start < n; start += config.batchSize) {
      const count = Math.min(config.batchSize, n - start);
      const x = tf.tensor2d(centeredBatch(pixels, order, start, count, mean, 'rows'), [
        count,
        config.dims[0],
      ]);
      const cost = optimizer.minimize(() => {
        let a: tf.Tensor2D = x;
        for (const layer of layout.layers) {
          const kernel = variables[layer.kernel] as tf.Variable<tf.Rank.R2>;
          a = tf.tanh(
            tf.add(tf.matMul(a, kernel, false, layer.transposed), variables[layer.bias]),
          ) as tf.Tensor2D;
        }
        return tf.sum(tf.square(tf.sub(a, x)));
      }, true)!;
      total += cost.dataSync()[0];
      tf.dispose([cost, x]);
    }
    losses.push(total / n);
  }
  tf.dispose(variables);
  optimizer.dispose();
  return losses;
}

beforeAll(async () => {
  await selectBackend('wasm');
});

test('the default path (two worker threads) trains like the obvious tfjs code (per-epoch losses within 1%)', async () => {
  const { pixels, n } = mnistDigits(500);
  const config = { ...defaultAutoencoderConfig, epochs: 3, seed: 11 };
  expect(config.workers).toBe(2);
  // The runner the train stage uses for workers > 1.
  const { history } = await trainAutoencoder(pixels, n, config, { runner: parallelRunner('wasm') });
  expect(tf.memory().numTensors).toBe(0);
  const reference = referenceEpochLosses(pixels, n, config);
  expect(history.map((h) => h.epoch)).toEqual([1, 2, 3]);
  history.forEach((h, i) =>
    expect(Math.abs(h.loss - reference[i]) / reference[i]).toBeLessThan(0.01),
  );
  // The loss must actually fall, or matching would prove little.
  expect(history[2].loss).toBeLessThan(0.8 * history[0].loss);
});
