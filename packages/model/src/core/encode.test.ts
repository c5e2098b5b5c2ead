import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from './backend';
import { defaultAutoencoderConfig } from './config';
import { encodeImages } from './encode';
import { parameterLayout } from './layout';
import type { AutoencoderModel } from './state';
import { mnistDigits } from './test-helpers/mnistDigits';
import { trainAutoencoder } from './train';

/** One image through the network in double precision: an oracle independent of tfjs. */
function encodeOne(model: AutoencoderModel, image: Uint8Array): { code: number[]; error: number } {
  const layout = parameterLayout(model.config.dims, model.config.tiedWeights);
  const x = Array.from(image, (p, j) => p / 255 - model.mean[j]);
  let a = x;
  let code: number[] = [];
  layout.layers.forEach((layer, l) => {
    const kernel = model.params[layer.kernel].values;
    const bias = model.params[layer.bias].values;
    a = Array.from({ length: layer.outputSize }, (_, o) => {
      let z = bias[o];
      for (let i = 0; i < layer.inputSize; i++) {
        z +=
          a[i] *
          (layer.transposed ? kernel[o * layer.inputSize + i] : kernel[i * layer.outputSize + o]);
      }
      return Math.tanh(z);
    });
    if (l === layout.encoderDepth - 1) code = a;
  });
  return { code, error: a.reduce((sum, y, j) => sum + (y - x[j]) ** 2, 0) };
}

beforeAll(async () => {
  await selectBackend('wasm');
});

test('encodeImages returns each image’s code and reconstruction error, across batch boundaries', async () => {
  const { pixels, n } = mnistDigits(1003);
  const { state } = await trainAutoencoder(pixels, 200, { ...defaultAutoencoderConfig, epochs: 1 });
  const progress: number[] = [];
  const result = await encodeImages(state, pixels, n, (done, total) => {
    expect(total).toBe(n);
    progress.push(done);
  });
  expect(progress).toEqual([1000, 1003]);
  expect(result.codeDim).toBe(64);
  expect(result.codes).toHaveLength(n * 64);
  expect(result.reconstructionError).toHaveLength(n);
  for (const i of [0, 1, 999, 1000, 1002]) {
    const expected = encodeOne(state, pixels.subarray(i * 784, (i + 1) * 784));
    const code = Array.from(result.codes.subarray(i * 64, (i + 1) * 64));
    expect(Math.max(...code.map((c, k) => Math.abs(c - expected.code[k])))).toBeLessThan(1e-4);
    expect(result.reconstructionError[i]).toBeCloseTo(expected.error, 2);
  }
  expect(tf.memory().numTensors).toBe(0);
  await expect(encodeImages(state, pixels, n + 1)).rejects.toThrow(/Expected 1004 images/);
});
