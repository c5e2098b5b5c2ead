import * as tf from '@tensorflow/tfjs-core';
import type { Loss } from './config';

/**
 * The training objective of a batch is lossSum / normaliser, where lossSum adds one term per
 * pixel and image: the squared error for 'sse' and 'mse', the binary cross-entropy for 'bce'.
 * 'sse' sums over pixels and images; 'mse' and 'bce' average over both.
 */
export function lossNormaliser(loss: Loss, images: number, pixelsPerImage: number): number {
  return loss === 'sse' ? 1 : images * pixelsPerImage;
}

/** The loss reported per epoch: lossSum over `images` images, per image ('sse') or per pixel. */
export function meanLoss(
  loss: Loss,
  lossSum: number,
  images: number,
  pixelsPerImage: number,
): number {
  return lossSum / (loss === 'sse' ? images : images * pixelsPerImage);
}

/**
 * lossSum of outputs against targets. BCE is computed from the output layer's pre-activation z
 * (outputs are sigmoid(z)) as max(z, 0) − z·t + log(1 + e^−|z|), which stays finite where
 * log(sigmoid(z)) would not.
 */
export function lossSum(
  loss: Loss,
  output: tf.Tensor,
  outputPreactivation: tf.Tensor,
  target: tf.Tensor,
): tf.Scalar {
  if (loss !== 'bce') return tf.sum(tf.square(tf.sub(output, target)));
  const z = outputPreactivation;
  return tf.sum(tf.add(tf.sub(tf.relu(z), tf.mul(z, target)), tf.log1p(tf.exp(tf.neg(tf.abs(z))))));
}
