import { parameterSize, type ParameterSpec } from './layout';

/** Where each parameter starts in the flattened array of all of them, plus the total at the end. */
export function parameterOffsets(specs: readonly ParameterSpec[]): number[] {
  const offsets = [0];
  for (const spec of specs) offsets.push(offsets[offsets.length - 1] + parameterSize(spec));
  return offsets;
}

/** Copies per-parameter arrays into one flat array (of `into`, when given). */
export function flatten(arrays: readonly Float32Array[], into?: Float32Array): Float32Array {
  const out = into ?? new Float32Array(arrays.reduce((sum, a) => sum + a.length, 0));
  let offset = 0;
  for (const a of arrays) {
    out.set(a, offset);
    offset += a.length;
  }
  return out;
}

/** Copies of the per-parameter pieces of a flat array. */
export function unflatten(flat: Float32Array, offsets: readonly number[]): Float32Array[] {
  return offsets.slice(0, -1).map((start, i) => flat.slice(start, offsets[i + 1]));
}
