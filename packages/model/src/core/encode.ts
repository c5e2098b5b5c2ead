import * as tf from '@tensorflow/tfjs-core';
import { architectureFor } from './architectures';
import type { Encoder } from './architecture';
import { checkPixelCount } from './centering';
import { evaluationBatchSize } from './replica';
import type { AutoencoderModel } from './state';
import { batchTensor, checkParameters, uploadArrays } from './tensors';

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

/**
 * A model ready to encode: its network on the active backend. Images are always encoded in the
 * same fixed batches (of `evaluationBatchSize`, counted from image 0), so each image's code does
 * not depend on who encodes which batches.
 */
export class ModelEncoder {
  private readonly params: tf.Tensor[];
  private readonly net: Encoder;
  readonly codeDim: number;

  constructor(private readonly model: AutoencoderModel) {
    const { config } = model;
    if (model.mean.length !== config.dims[0])
      throw new Error(
        `The model's mean has ${model.mean.length} values, expected ${config.dims[0]}`,
      );
    const architecture = architectureFor(config);
    checkParameters(model.params, architecture.params);
    this.params = uploadArrays(
      model.params.map((p) => p.values),
      architecture.params,
    );
    this.net = architecture.encoder(this.params);
    this.codeDim = config.dims[config.dims.length - 1];
  }

  /** Encodes batch number `batch` of `pixels` (n images) into `out` at the images' positions. */
  async encodeBatch(
    pixels: Uint8Array,
    n: number,
    batch: number,
    out: EncodeResult,
  ): Promise<number> {
    const start = batch * evaluationBatchSize;
    const count = Math.min(evaluationBatchSize, n - start);
    const [codes, error] = tf.tidy(() => {
      const x = batchTensor(pixels, null, start, count, this.model.mean, this.net.batchLayout);
      const encoded = this.net.encode(x);
      return [encoded.codes, encoded.squaredError];
    });
    out.codes.set(await codes.data<'float32'>(), start * this.codeDim);
    out.reconstructionError.set(await error.data<'float32'>(), start);
    tf.dispose([codes, error]);
    return count;
  }

  dispose(): void {
    this.net.dispose();
    tf.dispose(this.params);
  }
}

export function batchCount(n: number): number {
  return Math.ceil(n / evaluationBatchSize);
}

/** Runs the first n images of `pixels` through the autoencoder; `onProgress` gets images done. */
export async function encodeImages(
  model: AutoencoderModel,
  pixels: Uint8Array,
  n: number,
  onProgress?: (done: number, total: number) => void,
): Promise<EncodeResult> {
  checkPixelCount(pixels, n, model.config.dims[0]);
  await tf.ready();
  const encoder = new ModelEncoder(model);
  const result: EncodeResult = {
    codes: new Float32Array(n * encoder.codeDim),
    codeDim: encoder.codeDim,
    reconstructionError: new Float32Array(n),
  };
  let done = 0;
  try {
    for (let b = 0; b < batchCount(n); b++) {
      done += await encoder.encodeBatch(pixels, n, b, result);
      onProgress?.(done, n);
    }
  } finally {
    encoder.dispose();
  }
  return result;
}
