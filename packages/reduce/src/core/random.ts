/**
 * A seeded pseudo-random source. Every random choice in this package goes through one of these so
 * that a run is reproducible byte for byte from its seed.
 */
export type RandomSource = () => number;

/**
 * Mulberry32: the generator of @latentlens/data's `seededRandom`, which a test checks this one
 * matches draw for draw. It lives here too so that worker threads load nothing outside this
 * package.
 */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
