import type { Mulberry32 } from './prng';
import { parameterSize, type ParameterLayout } from './layout';
import type { NamedArray } from './state';

/**
 * Glorot-uniform kernels (limit √(6 / (fan_in + fan_out)), drawn row-major in parameter order)
 * and zero biases, from our own generator so that the start point is the same on every backend.
 */
export function initialParameters(layout: ParameterLayout, rng: Mulberry32): NamedArray[] {
  return layout.params.map((spec) => {
    const values = new Float32Array(parameterSize(spec));
    if (spec.shape.length === 2) {
      const limit = Math.sqrt(6 / (spec.shape[0] + spec.shape[1]));
      for (let i = 0; i < values.length; i++) values[i] = (2 * rng.next() - 1) * limit;
    }
    return { name: spec.name, shape: [...spec.shape], values };
  });
}
