import { seededRandom } from '@latentlens/data';

/**
 * A seeded pseudo-random source. Every random choice in this package goes through one of these so
 * that a run is reproducible byte for byte from its seed.
 */
export type RandomSource = () => number;

/**
 * The one seeded generator of latentlens (mulberry32, in @latentlens/data): the same seed draws
 * the same numbers for a data split and for a t-SNE start.
 */
export { seededRandom };

/** A uniform integer in [0, bound). */
export function randomInt(random: RandomSource, bound: number): number {
  return Math.floor(random() * bound);
}

/**
 * `count` distinct integers from [0, n), in random order, by a partial Fisher-Yates shuffle.
 * When `count >= n` every index is returned.
 */
export function sampleIndices(random: RandomSource, n: number, count: number): Int32Array {
  const m = Math.min(count, n);
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  for (let i = 0; i < m; i++) {
    const j = i + randomInt(random, n - i);
    const t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  return pool.slice(0, m);
}
