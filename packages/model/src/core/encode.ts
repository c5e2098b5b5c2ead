import * as tf from '@tensorflow/tfjs-core';
import { centeredBatch, checkPixelCount } from './centering';
import { parameterLayout } from './layout';
import { forwardColumns } from './network';
import type { AutoencoderModel } from './state';
import { disposeNetwork, uploadNetwork } from './tensors';

export interface EncodeResult {
  /** n × codeDim, row-major. */
  codes: Float32Array;
  codeDim: number;
  /**
   * Per image, the sum over pixels of the squared difference between the network's output and its
   * input, both in the centred space the network was trained in (pixels/255 − mean).
   */
  reconstructionError: Float32Array;
}

/** Images per forward pass: large enough for efficient products, small enough to bound memory. */
const batchSize = 1000;

/** Runs the first n images of `pixels` through the autoencoder; `onProgress` gets images done. */
export async function encodeImages(
  model: AutoencoderModel,
  pixels: Uint8Array,
  n: number,
  onProgress?: (done: number, total: number) => void,
): Promise<EncodeResult> {
  const { dims, activation, tiedWeights } = model.config;
  const size = dims[0];
  const codeDim = dims[dims.length - 1];
  checkPixelCount(pixels, n, size);
  if (model.mean.length !== size)
    throw new Error(`The model's mean has ${model.mean.length} values, expected ${size}`);
  await tf.ready();
  const layout = parameterLayout(dims, tiedWeights);
  const net = uploadNetwork(model.params, layout);
  const codes = new Float32Array(n * codeDim);
  const reconstructionError = new Float32Array(n);
  try {
    for (let start = 0; start < n; start += batchSize) {
      const count = Math.min(batchSize, n - start);
      const [code, error] = tf.tidy((): tf.Tensor[] => {
        const columns = centeredBatch(pixels, null, start, count, model.mean, 'columns');
        const x = tf.tensor2d(columns, [size, count]);
        const activations = forwardColumns(net, layout, activation, x);
        const output = activations[activations.length - 1];
        const codeRows = tf.transpose(activations[layout.encoderDepth]);
        return [codeRows, tf.sum(tf.square(tf.sub(output, x)), 0)];
      });
      codes.set(await code.data<'float32'>(), start * codeDim);
      reconstructionError.set(await error.data<'float32'>(), start);
      tf.dispose([code, error]);
      onProgress?.(start + count, n);
    }
  } finally {
    disposeNetwork(net);
  }
  return { codes, codeDim, reconstructionError };
}
