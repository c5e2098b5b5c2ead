import * as tfl from '@tensorflow/tfjs-layers';
import { convLayout } from './conv';
import type { AutoencoderModel } from './state';

/**
 * The conv autoencoder as a tfjs-layers Sequential (Reshape, Conv2D ×2, Flatten, Dense…, Reshape,
 * Conv2DTranspose ×2, Reshape), built with tfjs-layers itself so that model.json is what
 * `model.save()` would write. Tied kernels are written out once per layer that uses them.
 * Returns the topology and the weights in the model's order.
 */
export function convLayersModel(model: AutoencoderModel): {
  topology: object;
  weights: { name: string; shape: number[]; values: Float32Array }[];
} {
  const { config } = model;
  const layout = convLayout(config);
  const { rows, cols, channels } = layout.imageShape;
  const [f1, f2] = layout.filters;
  const activation = config.activation;
  const conv = { kernelSize: 3, strides: 2, padding: 'same' as const, activation };
  const layers: tfl.layers.Layer[] = [
    tfl.layers.reshape({
      name: 'image',
      targetShape: [rows, cols, channels],
      inputShape: [rows * cols * channels],
    }),
    tfl.layers.conv2d({ name: 'conv_1', filters: f1, ...conv }),
    tfl.layers.conv2d({ name: 'conv_2', filters: f2, ...conv }),
    tfl.layers.flatten({ name: 'flatten' }),
    ...layout.dense.layers.map((d) =>
      tfl.layers.dense({ name: d.name, units: d.outputSize, activation }),
    ),
    tfl.layers.reshape({ name: 'feature_map', targetShape: [rows / 4, cols / 4, f2] }),
    tfl.layers.conv2dTranspose({ name: 'deconv_1', filters: f1, ...conv }),
    tfl.layers.conv2dTranspose({ name: 'deconv_2', filters: channels, ...conv }),
    tfl.layers.reshape({ name: 'output', targetShape: [rows * cols * channels] }),
  ];
  const sequential = tfl.sequential({ name: 'conv_autoencoder', layers });
  try {
    const values = model.params.map((p) => p.values);
    const dense = layout.dense.layers.flatMap((d) => {
      const kernel = values[layout.denseOffset + d.kernel];
      return [
        d.transposed ? transpose(kernel, d.outputSize, d.inputSize) : kernel,
        values[layout.denseOffset + d.bias],
      ];
    });
    const ordered = [
      ...layout.convs.flatMap((c) => [values[c.kernel], values[c.bias]]),
      ...dense,
      ...layout.deconvs.flatMap((c) => [values[c.kernel], values[c.bias]]),
    ];
    // originalName is the name model.save() writes (without uniquifying suffixes).
    const specs = sequential.weights.map((w) => ({
      name: w.originalName,
      shape: w.shape.map(Number),
    }));
    specs.forEach((spec, i) => {
      if (ordered[i]?.length !== spec.shape.reduce((x, y) => x * y, 1))
        throw new Error(`Conv model weight ${spec.name} does not match its parameter`);
    });
    return {
      topology: sequential.toJSON(undefined, false) as object,
      weights: specs.map((spec, i) => ({ ...spec, values: ordered[i] })),
    };
  } finally {
    sequential.dispose();
  }
}

export function transpose(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c];
  return out;
}
