import { Mulberry32, shuffledIndices } from './prng';

export interface Holdout {
  /** Ascending indices of the images trained on. */
  train: Int32Array;
  /** Ascending indices of the held-out images. */
  validation: Int32Array;
}

/** Keeps the validation draw apart from the weight initialisation and shuffles of the same seed. */
const holdoutStream = 0x9e3779b9;

/**
 * Holds out round(fraction·n) of n images (at least one when fraction > 0, never all), chosen by
 * a generator derived from the seed, so the same seed always holds out the same images.
 */
export function holdoutSplit(n: number, fraction: number, seed: number): Holdout {
  const all = Int32Array.from({ length: n }, (_, i) => i);
  if (fraction <= 0) return { train: all, validation: new Int32Array(0) };
  const count = Math.min(n - 1, Math.max(1, Math.round(fraction * n)));
  const chosen = shuffledIndices(new Mulberry32((seed ^ holdoutStream) >>> 0), n).subarray(
    0,
    count,
  );
  const held = new Uint8Array(n);
  for (const i of chosen) held[i] = 1;
  return { train: all.filter((i) => !held[i]), validation: all.filter((i) => held[i] === 1) };
}
