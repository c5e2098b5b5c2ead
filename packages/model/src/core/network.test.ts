import * as tf from '@tensorflow/tfjs-core';
// tfjs-core's node bundle registers no gradients; loading tfjs-layers registers them all.
import '@tensorflow/tfjs-layers';
import { selectBackend } from './backend';
import type { Activation } from './config';
import { initialParameters } from './initialization';
import { parameterLayout } from './layout';
import { forwardActivations, lossAndGradients } from './network';
import { Mulberry32 } from './prng';
import { transposeKernels, uploadArrays } from './tensors';

beforeAll(async () => {
  await selectBackend('wasm');
});

const activations: Activation[] = ['tanh', 'relu', 'sigmoid', 'linear'];
const cases = activations.flatMap((activation) =>
  [true, false].flatMap((tied) =>
    (['sse', 'mse'] as const).map((loss) => ({ activation, tied, loss })),
  ),
);

describe('lossAndGradients', () => {
  test.each(cases)(
    'matches tfjs autodiff ($activation, tied $tied, $loss)',
    ({ activation, tied, loss }) => {
      const dims = [12, 7, 3];
      const batch = 5;
      const layout = parameterLayout(dims, tied);
      const rng = new Mulberry32(3);
      const init = initialParameters(layout, rng);
      // Non-zero biases so that every bias gradient path is exercised.
      for (const p of init)
        if (p.shape.length === 1) p.values.forEach((_, i) => (p.values[i] = rng.next() - 0.5));
      const inputs = Float32Array.from({ length: batch * dims[0] }, () => rng.next() - 0.5);

      tf.tidy(() => {
        const params = uploadArrays(
          init.map((p) => p.values),
          layout,
        );
        const x = tf.tensor2d(inputs, [batch, dims[0]]);
        const net = { params, transposedKernels: transposeKernels(params, layout) };
        const ours = lossAndGradients(net, layout, activation, loss, x);

        const objective = (...ps: tf.Tensor[]): tf.Scalar => {
          const output = forwardActivations(
            { params: ps, transposedKernels: transposeKernels(ps, layout) },
            layout,
            activation,
            x,
          ).pop()!;
          const squared = tf.square(tf.sub(output, x));
          return (loss === 'sse' ? tf.sum(squared) : tf.mean(squared)) as tf.Scalar;
        };
        const reference = tf.grads(objective)(params);
        const output = forwardActivations(net, layout, activation, x).pop()!;
        expect(ours.sumSquaredError.dataSync()[0]).toBeCloseTo(
          tf.sum(tf.square(tf.sub(output, x))).dataSync()[0],
          5,
        );
        reference.forEach((g, i) => {
          const expected = g.dataSync();
          const actual = ours.gradients[i].dataSync();
          const scale = Math.max(1e-3, ...Array.from(expected, Math.abs));
          const worst = Math.max(...Array.from(actual, (a, k) => Math.abs(a - expected[k])));
          expect(worst / scale).toBeLessThan(1e-4);
        });
      });
    },
  );
});
