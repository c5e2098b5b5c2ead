/**
 * Mulberry32, a seeded 32-bit generator whose entire state is one unsigned integer. Training keeps
 * its own generator (instead of tfjs's) so that weights do not depend on the backend's RNG, and so
 * that a checkpoint can store the state and resume the exact same shuffles.
 */
export class Mulberry32 {
  private current: number;

  constructor(state: number) {
    this.current = state >>> 0;
  }

  /** The state to store in a checkpoint; `new Mulberry32(state)` continues the same stream. */
  get state(): number {
    return this.current;
  }

  /** A float uniform in [0, 1). */
  next(): number {
    this.current = (this.current + 0x6d2b79f5) >>> 0;
    let t = this.current;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

/** The integers 0..n-1 in an order drawn by a Fisher-Yates shuffle. */
export function shuffledIndices(rng: Mulberry32, n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}
