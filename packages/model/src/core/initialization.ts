import type { Mulberry32 } from './prng';
import { parameterSize, type ParameterSpec } from './layout';
import type { NamedArray } from './state';

/**
 * Glorot-uniform kernels (limit √(6 / (fan_in + fan_out)), with a convolution's fans counting its
 * receptive field; drawn row-major in parameter order) and zero biases, from our own generator so
 * that the start point is the same on every backend.
 */
export function initialParameters(specs: readonly ParameterSpec[], rng: Mulberry32): NamedArray[] {
  return specs.map((spec) => {
    const values = new Float32Array(parameterSize(spec));
    const rank = spec.shape.length;
    if (rank >= 2) {
      const receptive = spec.shape.slice(0, rank - 2).reduce((a, b) => a * b, 1);
      const fanIn = receptive * spec.shape[rank - 2];
      const fanOut = receptive * spec.shape[rank - 1];
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < values.length; i++) values[i] = (2 * rng.next() - 1) * limit;
    }
    return { name: spec.name, shape: [...spec.shape], values };
  });
}
