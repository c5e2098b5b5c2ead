import * as tf from '@tensorflow/tfjs-core';
// tfjs-core's node bundle registers no gradients; loading tfjs-layers registers them all.
import '@tensorflow/tfjs-layers';
import { selectBackend } from './backend';
import type { Activation } from './config';
import { initialParameters } from './initialization';
import { parameterLayout } from './layout';
import { lossNormaliser } from './loss';
import { lossAndGradients, transposeKernels } from './network';
import { Mulberry32 } from './prng';
import { uploadArrays } from './tensors';

beforeAll(async () => {
  await selectBackend('wasm');
});

const rowActivation: Record<Activation, (z: tf.Tensor) => tf.Tensor> = {
  tanh: tf.tanh,
  relu: tf.relu,
  sigmoid: tf.sigmoid,
  linear: (z) => z,
};
const activations = Object.keys(rowActivation) as Activation[];
const cases = activations.flatMap((activation) =>
  [true, false].flatMap((tied) =>
    (['sse', 'mse', 'bce'] as const)
      .filter((loss) => loss !== 'bce' || activation === 'sigmoid')
      .map((loss) => ({ activation, tied, loss })),
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
      const init = initialParameters(layout.params, rng);
      // Non-zero biases so that every bias gradient path is exercised.
      for (const p of init)
        if (p.shape.length === 1) p.values.forEach((_, i) => (p.values[i] = rng.next() - 0.5));
      // BCE targets are grey levels in [0, 1]; the squared error takes centred ones.
      const shift = loss === 'bce' ? 0 : 0.5;
      const inputs = Float32Array.from({ length: batch * dims[0] }, () => rng.next() - shift);

      tf.tidy(() => {
        const params = uploadArrays(
          init.map((p) => p.values),
          layout.params,
        );
        const x = tf.tensor2d(inputs, [batch, dims[0]]);
        const net = { params, transposedKernels: transposeKernels(params) };
        const normaliser = lossNormaliser(loss, batch, dims[0]);
        const ours = lossAndGradients(net, layout, activation, loss, tf.transpose(x), normaliser);

        // The obvious row-major network, differentiated by tfjs.
        const objective = (...ps: tf.Tensor[]): tf.Scalar => {
          let a: tf.Tensor = x;
          for (const layer of layout.layers) {
            const z = tf.add(
              tf.matMul(a, ps[layer.kernel], false, layer.transposed),
              ps[layer.bias],
            );
            a = rowActivation[activation](z);
          }
          if (loss === 'bce') {
            // Textbook cross-entropy on the outputs (no logits trick: these outputs are far from 0 and 1).
            const terms = tf.add(tf.mul(x, tf.log(a)), tf.mul(tf.sub(1, x), tf.log(tf.sub(1, a))));
            return tf.neg(tf.mean(terms)) as tf.Scalar;
          }
          const squared = tf.square(tf.sub(a, x));
          return (loss === 'sse' ? tf.sum(squared) : tf.mean(squared)) as tf.Scalar;
        };
        const { value, grads } = tf.valueAndGrads(objective)(params);
        const sum = loss === 'sse' ? value.dataSync()[0] : value.dataSync()[0] * x.size;
        expect(ours.lossSum.dataSync()[0]).toBeCloseTo(sum, 4);
        grads.forEach((g, i) => {
          const expected = g.dataSync();
          const actual = ours.gradients[i].dataSync();
          expect(actual).toHaveLength(expected.length);
          const scale = Math.max(1e-3, ...Array.from(expected, Math.abs));
          const worst = Math.max(...Array.from(actual, (a, k) => Math.abs(a - expected[k])));
          expect(worst / scale).toBeLessThan(1e-4);
        });
      });
    },
  );
});
