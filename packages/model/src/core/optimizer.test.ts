import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { selectBackend } from './backend';
import type { OptimizerName } from './config';
import { optimizerStep } from './optimizer';

beforeAll(async () => {
  await selectBackend('wasm');
});

/** tf.train's optimizer with the same hyperparameters. */
const reference: Record<OptimizerName, (lr: number) => tf.Optimizer> = {
  sgd: (lr) => tf.train.sgd(lr),
  rmsprop: (lr) => tf.train.rmsprop(lr, 0.9, 0, 1e-7),
  adam: (lr) => tf.train.adam(lr, 0.9, 0.999, 1e-8),
};

test.each(['sgd', 'rmsprop', 'adam'] as const)(
  '%s makes the updates of its tf.train counterpart, whichever ranges are updated',
  (name) => {
    const start = Float32Array.from({ length: 40 }, (_, i) => Math.sin(i) * 2);
    const target = Float32Array.from({ length: 40 }, (_, i) => Math.cos(i));
    const lr = 0.05;
    // (p − t)² summed: gradient 2(p − t).
    const gradientOf = (p: Float32Array) => p.map((v, i) => 2 * (v - target[i]));

    const variable = tf.variable(tf.tensor1d(start));
    const optimizer = reference[name](lr);
    const ours = {
      params: start.slice(),
      firstMoment: new Float32Array(40),
      secondMoment: new Float32Array(40),
    };
    for (let step = 1; step <= 20; step++) {
      optimizer.minimize(() => tf.sum(tf.square(tf.sub(variable, tf.tensor1d(target)))));
      const gradient = gradientOf(ours.params);
      // Two ranges, as two threads would update them.
      optimizerStep(name, ours, gradient, lr, step, 0, 17);
      optimizerStep(name, ours, gradient, lr, step, 17, 40);
    }
    const expected = variable.dataSync();
    ours.params.forEach((p, i) => expect(Math.abs(p - expected[i])).toBeLessThan(1e-4));
    variable.dispose();
    optimizer.dispose();
  },
);
