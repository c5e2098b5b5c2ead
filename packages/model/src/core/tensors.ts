import * as tf from '@tensorflow/tfjs-core';
import type { ParameterLayout } from './layout';
import type { NetworkTensors } from './network';
import type { NamedArray } from './state';

export function uploadArrays(
  arrays: readonly Float32Array[],
  layout: ParameterLayout,
): tf.Tensor[] {
  return arrays.map((values, i) => tf.tensor(values, layout.params[i].shape, 'float32'));
}

export function transposeKernels(params: readonly tf.Tensor[]): (tf.Tensor2D | null)[] {
  return params.map((p) => (p.rank === 2 ? tf.transpose(p as tf.Tensor2D) : null));
}

export function uploadNetwork(
  params: readonly NamedArray[],
  layout: ParameterLayout,
): NetworkTensors {
  checkParameters(params, layout);
  const tensors = uploadArrays(
    params.map((p) => p.values),
    layout,
  );
  return { params: tensors, transposedKernels: transposeKernels(tensors) };
}

export function disposeNetwork(net: NetworkTensors): void {
  tf.dispose(net.params);
  for (const t of net.transposedKernels) t?.dispose();
}

/** A copy of each tensor's values (backends may hand out their own storage). */
export async function downloadArrays(tensors: readonly tf.Tensor[]): Promise<Float32Array[]> {
  return Promise.all(tensors.map(async (t) => new Float32Array(await t.data<'float32'>())));
}

export function checkParameters(params: readonly NamedArray[], layout: ParameterLayout): void {
  const expected = layout.params.map((p) => `${p.name}[${p.shape.join(',')}]`).join(' ');
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
