import * as tf from '@tensorflow/tfjs-core';
import { batchShape } from './architecture';
import { centeredBatch } from './centering';
import type { ParameterSpec } from './layout';
import type { NamedArray } from './state';

export function uploadArrays(
  arrays: readonly Float32Array[],
  specs: readonly ParameterSpec[],
): tf.Tensor[] {
  return arrays.map((values, i) => tf.tensor(values, specs[i].shape, 'float32'));
}

/** Images `indices[start .. start+count)` (or `start ..` when null), centred, as a batch tensor. */
export function batchTensor(
  pixels: Uint8Array,
  indices: Int32Array | null,
  start: number,
  count: number,
  mean: Float32Array,
  layout: 'rows' | 'columns',
): tf.Tensor2D {
  const values = centeredBatch(pixels, indices, start, count, mean, layout);
  return tf.tensor2d(values, batchShape(layout, count, mean.length));
}

export function checkParameters(
  params: readonly NamedArray[],
  specs: readonly ParameterSpec[],
): void {
  const expected = specs.map((p) => `${p.name}[${p.shape.join(',')}]`).join(' ');
  const actual = params.map((p) => `${p.name}[${p.shape.join(',')}]`).join(' ');
  if (expected !== actual)
    throw new Error(`Parameters do not match the config: expected ${expected}, got ${actual}`);
  for (const p of params) {
    if (p.values.length !== p.shape.reduce((a, b) => a * b, 1)) {
      throw new Error(
        `Parameter ${p.name} has ${p.values.length} values for shape [${p.shape.join(',')}]`,
      );
    }
  }
}
