import * as tf from '@tensorflow/tfjs-core';
import { activate, derivativeFromOutput } from './activation';
import type { Activation } from './config';
import type { DenseLayerSpec, ParameterLayout } from './layout';

/**
 * The network's parameters as tensors, plus an explicit transpose of every kernel that some
 * product reads transposed. tfjs-wasm runs matMul with transposeA/transposeB at ~1.5 GFLOP/s but
 * plain products at ~25, so every product here is a plain one on a materialised operand.
 */
export interface NetworkTensors {
  params: tf.Tensor[];
  /** `transposedKernels[p]` is `params[p]ᵀ`, or null when no product needs it. */
  transposedKernels: (tf.Tensor2D | null)[];
}

function kernelAsUsed(
  net: NetworkTensors,
  layer: DenseLayerSpec,
  transposed: boolean,
): tf.Tensor2D {
  const kernel = transposed
    ? net.transposedKernels[layer.kernel]
    : (net.params[layer.kernel] as tf.Tensor2D);
  if (kernel === null) throw new Error(`Missing transpose of the kernel of ${layer.name}`);
  return kernel;
}

/** Activations of the input and of each of the first `depth` layers: [x, a₁, …, a_depth]. */
export function forwardActivations(
  net: NetworkTensors,
  layout: ParameterLayout,
  activation: Activation,
  x: tf.Tensor2D,
  depth = layout.layers.length,
): tf.Tensor2D[] {
  const activations = [x];
  for (let l = 0; l < depth; l++) {
    const layer = layout.layers[l];
    const kernel = kernelAsUsed(net, layer, layer.transposed);
    const z = tf.add(tf.matMul(activations[l], kernel), net.params[layer.bias]) as tf.Tensor2D;
    activations.push(activate(z, activation));
  }
  return activations;
}

export interface LossAndGradients {
  /** Sum over the batch of the squared reconstruction error (whatever the configured loss). */
  sumSquaredError: tf.Scalar;
  /** Gradient of the configured loss, aligned with `net.params`. */
  gradients: tf.Tensor[];
}

/**
 * Backpropagation written out by hand: with δ the gradient at a layer's pre-activation,
 * ∂K = aᵀδ (or δᵀa for a kernel read transposed), ∂b = Σ_batch δ, and the previous layer's
 * δ = (δ · Kᵀ) ⊙ f′. Each product transposes its small batch-sized operand explicitly.
 */
export function lossAndGradients(
  net: NetworkTensors,
  layout: ParameterLayout,
  activation: Activation,
  loss: 'sse' | 'mse',
  x: tf.Tensor2D,
): LossAndGradients {
  const activations = forwardActivations(net, layout, activation, x);
  const output = activations[activations.length - 1];
  const error = tf.sub(output, x);
  const sumSquaredError = tf.sum(tf.square(error)) as tf.Scalar;
  const scale = loss === 'sse' ? 2 : 2 / x.size;
  const outputDerivative = derivativeFromOutput(output, activation);
  let delta = tf.mul(
    outputDerivative === null ? error : tf.mul(error, outputDerivative),
    scale,
  ) as tf.Tensor2D;

  const gradients: (tf.Tensor | undefined)[] = layout.params.map(() => undefined);
  const accumulate = (index: number, gradient: tf.Tensor): void => {
    const previous = gradients[index];
    gradients[index] = previous === undefined ? gradient : tf.add(previous, gradient);
  };
  for (let l = layout.layers.length - 1; l >= 0; l--) {
    const layer = layout.layers[l];
    const input = activations[l];
    accumulate(layer.bias, tf.sum(delta, 0));
    accumulate(
      layer.kernel,
      layer.transposed
        ? tf.matMul(tf.transpose(delta), input)
        : tf.matMul(tf.transpose(input), delta),
    );
    if (l > 0) {
      const inputGradient = tf.matMul(
        delta,
        kernelAsUsed(net, layer, !layer.transposed),
      ) as tf.Tensor2D;
      const derivative = derivativeFromOutput(input, activation);
      delta =
        derivative === null ? inputGradient : (tf.mul(inputGradient, derivative) as tf.Tensor2D);
    }
  }
  return {
    sumSquaredError,
    gradients: gradients.map((g, i) => {
      if (g === undefined) throw new Error(`No gradient reached ${layout.params[i].name}`);
      return g;
    }),
  };
}
