import * as tf from '@tensorflow/tfjs-core';
import { activate, derivativeFromOutput } from './activation';
import type {
  Architecture,
  EncodedBatch,
  Encoder,
  LossAndGradients,
  Network,
} from './architecture';
import type { Activation, Loss } from './config';
import type { DenseLayerSpec, ParameterLayout } from './layout';
import { lossSum } from './loss';

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
  params: readonly tf.Tensor[];
  /** `transposedKernels[p]` is `params[p]ᵀ` for kernels, null for biases. */
  transposedKernels: (tf.Tensor2D | null)[];
}

export function transposeKernels(params: readonly tf.Tensor[]): (tf.Tensor2D | null)[] {
  return params.map((p) => (p.rank === 2 ? tf.transpose(p as tf.Tensor2D) : null));
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

export interface ColumnActivations {
  /** [xᵀ, a₁ᵀ, …, a_depthᵀ]: the input and each layer's output, features × batch. */
  activations: tf.Tensor2D[];
  /** The last layer's pre-activation. */
  lastPreactivation: tf.Tensor2D;
}

/** Activations, as columns (features × batch), of the input and every layer. */
export function forwardColumns(
  net: NetworkTensors,
  layout: ParameterLayout,
  activation: Activation,
  inputColumns: tf.Tensor2D,
): ColumnActivations {
  const activations = [inputColumns];
  let z = inputColumns;
  for (let l = 0; l < layout.layers.length; l++) {
    const layer = layout.layers[l];
    z = tf.add(
      tf.matMul(kernelOperand(net, layer, 'forward'), activations[l]),
      biasColumn(net, layer),
    );
    activations.push(activate(z, activation));
  }
  return { activations, lastPreactivation: z };
}

/**
 * Backpropagation written out by hand. With δ the gradient at a layer's pre-activation (rows:
 * batch × features), ∂M = inputᵀ·δ, ∂b = Σ_batch δ, and the previous layer's δ = (δ·Mᵀ) ⊙ f′(input);
 * a tied kernel K = Mᵀ receives ∂Mᵀ = δᵀ·input. Computed here in columns, so each kernel gradient
 * needs the explicit transpose of one batch-sized matrix. At the output, δ = 2(y − x)·f′ for the
 * squared error and y − x for BCE on sigmoid outputs, each divided by the normaliser.
 */
export function lossAndGradients(
  net: NetworkTensors,
  layout: ParameterLayout,
  activation: Activation,
  loss: Loss,
  inputColumns: tf.Tensor2D,
  normaliser: number,
): LossAndGradients {
  const { activations, lastPreactivation } = forwardColumns(net, layout, activation, inputColumns);
  const output = activations[activations.length - 1];
  const error = tf.sub(output, inputColumns);
  const sum = lossSum(loss, output, lastPreactivation, inputColumns);
  const outputDerivative = loss === 'bce' ? null : derivativeFromOutput(output, activation);
  const scale = (loss === 'bce' ? 1 : 2) / normaliser;
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
    lossSum: sum,
    gradients: gradients.map((g, i) => {
      if (g === undefined) throw new Error(`No gradient reached ${layout.params[i].name}`);
      return g;
    }),
  };
}

/** The dense autoencoder on column batches (see NetworkTensors for why columns). */
export function denseArchitecture(
  layout: ParameterLayout,
  activation: Activation,
  loss: Loss,
): Architecture {
  return {
    params: layout.params,
    batchLayout: 'columns',
    network(params): Network {
      const net: NetworkTensors = { params, transposedKernels: transposeKernels(params) };
      return {
        lossAndGradients: (x, normaliser) =>
          lossAndGradients(net, layout, activation, loss, x, normaliser),
        lossSum(x) {
          const { activations, lastPreactivation } = forwardColumns(net, layout, activation, x);
          return lossSum(loss, activations[activations.length - 1], lastPreactivation, x);
        },
        dispose() {
          for (const t of net.transposedKernels) t?.dispose();
        },
      };
    },
    encoder: (params) => denseEncoder(layout, activation, params),
  };
}

/**
 * Inference on row batches (images × pixels) with every layer's kernel materialised once as the
 * product's right operand: XNNPACK packs a right operand the first time it sees the tensor, so
 * constant kernels are packed once for all batches. Bias and activation are fused into the
 * product; tanh as 2·σ(2z) − 1 with the kernels and biases pre-scaled by 2.
 */
function denseEncoder(
  layout: ParameterLayout,
  activation: Activation,
  params: readonly tf.Tensor[],
): Encoder {
  const scale = activation === 'tanh' ? 2 : 1;
  const fused = activation === 'tanh' ? 'sigmoid' : activation;
  const operands = layout.layers.map((layer) =>
    tf.tidy(() => {
      const kernel = layer.transposed ? tf.transpose(params[layer.kernel]) : params[layer.kernel];
      return [tf.mul(kernel, scale), tf.mul(params[layer.bias], scale)] as [
        tf.Tensor2D,
        tf.Tensor1D,
      ];
    }),
  );
  return {
    batchLayout: 'rows',
    encode(x): EncodedBatch {
      let a = x;
      let codes = x;
      operands.forEach(([kernel, bias], l) => {
        const y = tf.fused.matMul({ a, b: kernel, bias, activation: fused }) as tf.Tensor2D;
        a = activation === 'tanh' ? tf.sub<tf.Tensor2D>(tf.mul(y, 2), 1) : y;
        if (l === layout.encoderDepth - 1) codes = a;
      });
      return { codes, squaredError: tf.sum(tf.square(tf.sub(a, x)), 1), output: a };
    },
    dispose: () => tf.dispose(operands.flat()),
  };
}
