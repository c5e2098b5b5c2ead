import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from './backend';
import { defaultAutoencoderConfig } from './config';
import { trainAutoencoder } from './train';
import { mnistDigits } from './test-helpers/mnistDigits';

test('smoke', async () => {
  expect(await selectBackend('auto')).toBe('wasm');
  const { pixels } = mnistDigits(2000);
  const t0 = Date.now();
  const r = await trainAutoencoder(pixels, 2000, { ...defaultAutoencoderConfig, epochs: 3 }, { onEpoch: (e) => console.log(e) });
  console.log((Date.now() - t0) / 1000, tf.memory());
  console.log(r.history);
});
