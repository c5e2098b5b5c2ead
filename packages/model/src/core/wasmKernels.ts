import * as tf from '@tensorflow/tfjs-core';

type KernelArgs = Parameters<tf.KernelFunc>[0];

interface FilterGradientAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number;
  filterShape: [number, number, number, number];
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * ∂W of a 2-D convolution (NHWC): dW[i, j, c, o] = Σ over images and output positions of
 * x[n, y·sh + i − top, x·sw + j − left, c] · dy[n, y, x, o], accumulated in double precision in a
 * fixed order.
 */
function filterGradient(
  x: Float32Array,
  dy: Float32Array,
  info: tf.backend_util.Conv2DInfo,
): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth, padInfo } = info;
  const sums = new Float64Array(filterHeight * filterWidth * inChannels * outChannels);
  for (let n = 0; n < batchSize; n++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        const dyOffset = ((n * outHeight + oy) * outWidth + ox) * outChannels;
        for (let i = 0; i < filterHeight; i++) {
          const iy = oy * strideHeight + i - padInfo.top;
          if (iy < 0 || iy >= inHeight) continue;
          for (let j = 0; j < filterWidth; j++) {
            const ix = ox * strideWidth + j - padInfo.left;
            if (ix < 0 || ix >= inWidth) continue;
            const xOffset = ((n * inHeight + iy) * inWidth + ix) * inChannels;
            const wOffset = (i * filterWidth + j) * inChannels * outChannels;
            for (let c = 0; c < inChannels; c++) {
              const xv = x[xOffset + c];
              const row = wOffset + c * outChannels;
              for (let o = 0; o < outChannels; o++) sums[row + o] += xv * dy[dyOffset + o];
            }
          }
        }
      }
    }
  }
  return Float32Array.from(sums);
}

/**
 * tfjs-wasm has no Conv2DBackpropFilter, which the gradient of every 2-D convolution needs (the
 * conv autoencoder's); this registers one written in JavaScript. The conv model is small, and
 * the brief for it puts simplicity before speed.
 */
export function registerWasmConvFilterGradient(): void {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm') !== undefined) return;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }: KernelArgs) => {
      const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
      const a = attrs as unknown as FilterGradientAttrs;
      if (a.dataFormat !== 'NHWC')
        throw new Error('Conv2DBackpropFilter on wasm supports NHWC only');
      const info = tf.backend_util.computeConv2DInfo(
        x.shape as [number, number, number, number],
        a.filterShape,
        a.strides,
        1,
        a.pad,
        a.dimRoundingMode,
        false,
        'channelsLast',
      );
      const wasm = backend as tf.KernelBackend & {
        makeOutput(
          shape: number[],
          dtype: tf.DataType,
          offset?: number,
          values?: Float32Array,
        ): tf.TensorInfo;
      };
      const values = filterGradient(
        wasm.readSync(x.dataId) as Float32Array,
        wasm.readSync(dy.dataId) as Float32Array,
        info,
      );
      return wasm.makeOutput(a.filterShape, 'float32', undefined, values);
    },
  });
}
