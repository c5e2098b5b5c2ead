import * as tf from '@tensorflow/tfjs-core';
import { activate, derivativeFromOutput } from './activation';
import type { Activation } from './config';
import type { DenseLayerSpec, ParameterLayout } from './layout';

/**
 * The network's parameters as tensors, with every kernel also materialised transposed.
 *
 * Why the passes below work on column-major batches (features × batch) and keep both orientations
 * of each kernel: tfjs-wasm runs a product with transposeA/transposeB at ~1.5 GFLOP/s against ~25
 * for a plain one, and XNNPACK re-packs a product's right operand whenever that tensor is new,
 * which for a fresh 784×256 kernel costs as much as the product itself at batch 50. With the
 * batch as the right operand and a kernel (either orientation) as the left, every product is
 * plain and only batch-sized matrices get packed; transposing a kernel once per step is cheaper.
 */
export interface NetworkTensors {
  params: tf.Tensor[];
  /** `transposedKernels[p]` is `params[p]ᵀ` for kernels, null for biases. */
  transposedKernels: (tf.Tensor2D | null)[];
}

/**
 * A layer computes output = input · M + b with M its kernel or, when tied, the kernel's transpose;
 * in columns that is Mᵀ · input, and the backward pass multiplies δ by M.
 */
function kernelOperand(
  net: NetworkTensors,
  layer: DenseLayerSpec,
  pass: 'forward' | 'backward',
): tf.Tensor2D {
  const useTransposed = (pass === 'forward') !== layer.transposed;
  const operand = useTransposed
    ? net.transposedKernels[layer.kernel]
    : (net.params[layer.kernel] as tf.Tensor2D);
  if (operand === null) throw new Error(`Missing transpose of the kernel of ${layer.name}`);
  return operand;
}

function biasColumn(net: NetworkTensors, layer: DenseLayerSpec): tf.Tensor2D {
  return tf.reshape(net.params[layer.bias], [layer.outputSize, 1]);
}

/**
 * Activations, as columns (features × batch), of the input and of each of the first `depth`
 * layers: [xᵀ, a₁ᵀ, …, a_depthᵀ].
 */
export function forwardColumns(
  net: NetworkTensors,
  layout: ParameterLayout,
  activation: Activation,
  inputColumns: tf.Tensor2D,
  depth = layout.layers.length,
): tf.Tensor2D[] {
  const activations = [inputColumns];
  for (let l = 0; l < depth; l++) {
    const layer = layout.layers[l];
    const z = tf.add(
      tf.matMul(kernelOperand(net, layer, 'forward'), activations[l]),
      biasColumn(net, layer),
    );
    activations.push(activate(z as tf.Tensor2D, activation));
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
 * Backpropagation written out by hand. With δ the gradient at a layer's pre-activation (rows:
 * batch × features), ∂M = inputᵀ·δ, ∂b = Σ_batch δ, and the previous layer's δ = (δ·Mᵀ) ⊙ f′(input);
 * a tied kernel K = Mᵀ receives ∂Mᵀ = δᵀ·input. Computed here in columns, so each kernel gradient
 * needs the explicit transpose of one batch-sized matrix.
 */
export function lossAndGradients(
  net: NetworkTensors,
  layout: ParameterLayout,
  activation: Activation,
  loss: 'sse' | 'mse',
  inputColumns: tf.Tensor2D,
): LossAndGradients {
  const activations = forwardColumns(net, layout, activation, inputColumns);
  const output = activations[activations.length - 1];
  const error = tf.sub(output, inputColumns);
  const sumSquaredError = tf.sum(tf.square(error)) as tf.Scalar;
  const scale = loss === 'sse' ? 2 : 2 / inputColumns.size;
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
    accumulate(layer.bias, tf.sum(delta, 1));
    accumulate(
      layer.kernel,
      layer.transposed
        ? tf.matMul(delta, tf.transpose(input))
        : tf.matMul(input, tf.transpose(delta)),
    );
    if (l > 0) {
      const inputGradient = tf.matMul(kernelOperand(net, layer, 'backward'), delta) as tf.Tensor2D;
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
