import type * as tf from '@tensorflow/tfjs-core';
import type { ParameterSpec } from './layout';

export interface LossAndGradients {
  /** lossSum of the batch (see loss.ts), whatever the normaliser. */
  lossSum: tf.Scalar;
  /** Gradient of lossSum / normaliser, aligned with the parameters. */
  gradients: tf.Tensor[];
}

export interface EncodedBatch {
  /** count × codeDim. */
  codes: tf.Tensor2D;
  /** Per image, the sum of squared differences between output and input (centred space). */
  squaredError: tf.Tensor1D;
  /** count × pixels: the decoded images, in the centred space. */
  output: tf.Tensor2D;
}

/**
 * A network evaluated at one set of parameter values. It may hold tensors derived from the
 * parameters (e.g. transposed kernels), freed by dispose(); it never owns the parameters. Call
 * the passes inside tf.tidy.
 */
export interface Network {
  lossAndGradients(x: tf.Tensor2D, normaliser: number): LossAndGradients;
  lossSum(x: tf.Tensor2D): tf.Scalar;
  dispose(): void;
}

/** A network prepared for inference only, with its own batch layout (call inside tf.tidy). */
export interface Encoder {
  batchLayout: 'rows' | 'columns';
  encode(x: tf.Tensor2D): EncodedBatch;
  dispose(): void;
}

/** One kind of autoencoder: its parameters and how a batch is laid out for it. */
export interface Architecture {
  params: ParameterSpec[];
  /**
   * 'columns': a batch is pixels × images (the dense passes' layout); 'rows': images × pixels.
   * Either way a batch tensor is 2-D, as `centeredBatch` makes it.
   */
  batchLayout: 'rows' | 'columns';
  network(params: readonly tf.Tensor[]): Network;
  encoder(params: readonly tf.Tensor[]): Encoder;
}

/** The [rows, cols] shape of a batch of `count` images of `size` pixels in a layout. */
export function batchShape(
  layout: 'rows' | 'columns',
  count: number,
  size: number,
): [number, number] {
  return layout === 'rows' ? [count, size] : [size, count];
}
