import * as tf from '@tensorflow/tfjs-core';
// tfjs-core's node bundle registers no gradients; loading tfjs-layers registers them all, which
// the conv model needs because tfjs differentiates it.
import '@tensorflow/tfjs-layers';
import { activate } from './activation';
import type { Architecture, EncodedBatch, Encoder, Network } from './architecture';
import { imageShapeOf, type AutoencoderConfig } from './config';
import { parameterLayout, type ParameterLayout, type ParameterSpec } from './layout';
import { lossSum } from './loss';

const kernelSize = 3;

/** Where each part of the conv autoencoder finds its parameters. */
export interface ConvLayout {
  params: ParameterSpec[];
  imageShape: { rows: number; cols: number; channels: number };
  filters: [number, number];
  /** Index of each convolution's kernel and bias (encoder order). */
  convs: { kernel: number; bias: number }[];
  /** The fully connected middle: flattened feature map → dims[1..] → back; indices offset into params. */
  dense: ParameterLayout;
  denseOffset: number;
  /** Index of each transposed convolution's kernel and bias (decoder order). */
  deconvs: { kernel: number; bias: number }[];
}

/**
 * conv_1 (3×3, stride 2, c → f₁ channels, c = 1 grey or 3 RGB), conv_2 (stride 2, f₁ → f₂),
 * flatten, dense layers to the code and back, then deconv_1 (f₂ → f₁) and deconv_2 (f₁ → c),
 * transposed convolutions of stride 2; 'same' padding throughout, so a rows×cols×c image becomes
 * rows/4 × cols/4 × f₂. An input row is the image channels-last (RGB interleaved), which is how
 * `dataset.arrow` stores it, so it reshapes to [rows, cols, c] without reordering. Tied
 * weights make each transposed convolution use its mirror convolution's kernel, which has exactly
 * the shape a transposed convolution reads ([3, 3, in, out] of the convolution is [3, 3, out, in]
 * of its transpose), and tie the dense layers as in the dense model.
 */
export function convLayout(config: AutoencoderConfig): ConvLayout {
  const imageShape = imageShapeOf(config);
  const [f1, f2] = config.filters;
  const c = imageShape.channels;
  const flat = (imageShape.rows / 4) * (imageShape.cols / 4) * f2;
  const params: ParameterSpec[] = [];
  const add = (name: string, shape: number[]): number => params.push({ name, shape }) - 1;
  const convs = [
    {
      kernel: add('conv_1/kernel', [kernelSize, kernelSize, c, f1]),
      bias: add('conv_1/bias', [f1]),
    },
    {
      kernel: add('conv_2/kernel', [kernelSize, kernelSize, f1, f2]),
      bias: add('conv_2/bias', [f2]),
    },
  ];
  const dense = parameterLayout([flat, ...config.dims.slice(1)], config.tiedWeights);
  const denseOffset = params.length;
  params.push(...dense.params);
  const deconvKernel = (name: string, shape: number[], tiedTo: number): number =>
    config.tiedWeights ? tiedTo : add(name, shape);
  const deconvs = [
    {
      kernel: deconvKernel('deconv_1/kernel', [kernelSize, kernelSize, f1, f2], convs[1].kernel),
      bias: add('deconv_1/bias', [f1]),
    },
    {
      kernel: deconvKernel('deconv_2/kernel', [kernelSize, kernelSize, c, f1], convs[0].kernel),
      bias: add('deconv_2/bias', [c]),
    },
  ];
  return { params, imageShape, filters: [f1, f2], convs, dense, denseOffset, deconvs };
}

interface ConvPasses {
  code: tf.Tensor2D;
  output: tf.Tensor2D;
  outputPreactivation: tf.Tensor2D;
}

function forward(
  layout: ConvLayout,
  activation: AutoencoderConfig['activation'],
  params: readonly tf.Tensor[],
  x: tf.Tensor2D,
): ConvPasses {
  const count = x.shape[0];
  const { rows, cols, channels } = layout.imageShape;
  const [f1, f2] = layout.filters;
  let h: tf.Tensor4D = tf.reshape(x, [count, rows, cols, channels]);
  for (const conv of layout.convs) {
    const kernel = params[conv.kernel] as tf.Tensor4D;
    h = activate(tf.add(tf.conv2d(h, kernel, 2, 'same'), params[conv.bias]), activation);
  }
  let a: tf.Tensor2D = tf.reshape(h, [count, -1]);
  let code = a;
  layout.dense.layers.forEach((layer, l) => {
    const kernel = params[layout.denseOffset + layer.kernel] as tf.Tensor2D;
    const z: tf.Tensor2D = tf.add(
      tf.matMul(a, kernel, false, layer.transposed),
      params[layout.denseOffset + layer.bias],
    );
    a = activate(z, activation);
    if (l === layout.dense.encoderDepth - 1) code = a;
  });
  h = tf.reshape(a, [count, rows / 4, cols / 4, f2]);
  const shapes: [number, number, number, number][] = [
    [count, rows / 2, cols / 2, f1],
    [count, rows, cols, channels],
  ];
  let z: tf.Tensor4D = h;
  layout.deconvs.forEach((deconv, i) => {
    const kernel = params[deconv.kernel] as tf.Tensor4D;
    z = tf.add(tf.conv2dTranspose(h, kernel, shapes[i], 2, 'same'), params[deconv.bias]);
    h = activate(z, activation);
  });
  return {
    code,
    output: tf.reshape(h, [count, rows * cols * channels]),
    outputPreactivation: tf.reshape(z, [count, rows * cols * channels]),
  };
}

/** The conv autoencoder on row batches, differentiated by tfjs autodiff. */
export function convArchitecture(config: AutoencoderConfig): Architecture {
  const layout = convLayout(config);
  const { activation, loss } = config;
  return {
    params: layout.params,
    batchLayout: 'rows',
    network(params): Network {
      const objective = (x: tf.Tensor2D) => (ps: tf.Tensor[]) => {
        const passes = forward(layout, activation, ps, x);
        return lossSum(loss, passes.output, passes.outputPreactivation, x);
      };
      return {
        lossAndGradients(x, normaliser) {
          // The upstream gradient 1/normaliser scales every gradient while the value stays lossSum.
          const { value, grads } = tf.valueAndGrads((...ps: tf.Tensor[]) => objective(x)(ps))(
            [...params],
            tf.scalar(1 / normaliser),
          );
          return { lossSum: value as tf.Scalar, gradients: grads };
        },
        lossSum: (x) => objective(x)([...params]),
        dispose: () => undefined,
      };
    },
    encoder(params): Encoder {
      return {
        batchLayout: 'rows',
        encode(x): EncodedBatch {
          const { code, output } = forward(layout, activation, params, x);
          return { codes: code, squaredError: tf.sum(tf.square(tf.sub(output, x)), 1), output };
        },
        dispose: () => undefined,
      };
    },
  };
}
