import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from './backend';
import { defaultAutoencoderConfig, type AutoencoderConfig } from './config';
import { convArchitecture } from './conv';
import { initialParameters } from './initialization';
import { lossNormaliser } from './loss';
import { Mulberry32 } from './prng';
import { uploadArrays } from './tensors';

const config: AutoencoderConfig = {
  ...defaultAutoencoderConfig,
  kind: 'conv',
  dims: [64, 6, 5],
  filters: [2, 3],
  imageShape: [8, 8],
};

/** The same network on 8×12 RGB images (RGB interleaved, as dataset.arrow holds them). */
const colour: AutoencoderConfig = { ...config, dims: [288, 6, 5], imageShape: [8, 12, 3] };

/** lossSum and gradients of one batch on the active backend. */
function lossAndGradients(
  tied: boolean,
  shape = config,
): { lossSum: number; gradients: Float32Array[] } {
  const architecture = convArchitecture({ ...shape, tiedWeights: tied });
  const width = shape.dims[0];
  const rng = new Mulberry32(7);
  const init = initialParameters(architecture.params, rng);
  for (const p of init)
    if (p.shape.length === 1) p.values.forEach((_, i) => (p.values[i] = rng.next() - 0.5));
  const x = Float32Array.from({ length: 3 * width }, () => rng.next() - 0.5);
  return tf.tidy(() => {
    const params = uploadArrays(
      init.map((p) => p.values),
      architecture.params,
    );
    const net = architecture.network(params);
    const out = net.lossAndGradients(tf.tensor2d(x, [3, width]), lossNormaliser('sse', 3, width));
    return {
      lossSum: out.lossSum.dataSync()[0],
      gradients: out.gradients.map((g) => g.dataSync() as Float32Array),
    };
  });
}

test.each([
  [true, 'grey 8×8', config],
  [false, 'grey 8×8', config],
  [true, 'RGB 8×12', colour],
])(
  'conv gradients on wasm (with our Conv2DBackpropFilter) match the cpu backend (tied %s, %s)',
  async (tied, _name, shape) => {
    await selectBackend('cpu');
    const reference = lossAndGradients(tied, shape);
    await selectBackend('wasm');
    const ours = lossAndGradients(tied, shape);
    expect(ours.lossSum).toBeCloseTo(reference.lossSum, 3);
    expect(ours.gradients).toHaveLength(tied ? 12 : 16);
    ours.gradients.forEach((g, i) => {
      const expected = reference.gradients[i];
      const scale = Math.max(1e-3, ...Array.from(expected, Math.abs));
      expect(Math.max(...Array.from(g, (v, k) => Math.abs(v - expected[k]))) / scale).toBeLessThan(
        1e-5,
      );
    });
  },
);
