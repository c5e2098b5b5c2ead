import * as tf from '@tensorflow/tfjs-core';
import { architectureFor } from './architectures';
import { checkPixelCount } from './centering';
import type { AutoencoderModel } from './state';
import { batchTensor, checkParameters, uploadArrays } from './tensors';

/**
 * The autoencoder's decoded images as grey levels: round(clamp((output + mean)·255, 0, 255)).
 * Meant for a small sample (one batch): pictures of what the network gives back.
 */
export async function reconstructImages(
  model: AutoencoderModel,
  pixels: Uint8Array,
  n: number,
): Promise<Uint8Array> {
  const size = model.config.dims[0];
  checkPixelCount(pixels, n, size);
  await tf.ready();
  const architecture = architectureFor(model.config);
  checkParameters(model.params, architecture.params);
  const params = uploadArrays(
    model.params.map((p) => p.values),
    architecture.params,
  );
  const encoder = architecture.encoder(params);
  try {
    const output = tf.tidy(() => {
      const x = batchTensor(pixels, null, 0, n, model.mean, encoder.batchLayout);
      return encoder.encode(x).output;
    });
    const decoded = await output.data<'float32'>();
    tf.dispose(output);
    const grey = new Uint8Array(n * size);
    for (let i = 0; i < n * size; i++) {
      const v = (decoded[i] + model.mean[i % size]) * 255;
      grey[i] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
    }
    return grey;
  } finally {
    encoder.dispose();
    tf.dispose(params);
  }
}
