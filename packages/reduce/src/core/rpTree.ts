import { randomInt, RandomSource } from './random';

/** One random-projection tree, flattened to its leaves. */
export interface RpTreeLeaves {
  /** A permutation of the rows, grouped leaf by leaf. */
  order: Int32Array;
  /** Leaf `l` holds `order[starts[l] .. starts[l+1])`; `starts` ends with `n`. */
  starts: Int32Array;
}

/**
 * Builds a random-projection tree (Dasgupta & Freund): each node splits its rows by the
 * hyperplane equidistant from two of them drawn at random, until a node holds at most
 * `leafSize` rows. Rows in one leaf are likely near neighbours.
 */
export function buildRpTree(
  data: Float32Array,
  n: number,
  d: number,
  leafSize: number,
  random: RandomSource,
): RpTreeLeaves {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const starts: number[] = [];
  const normal = new Float64Array(d);
  const side = new Uint8Array(n);
  const scratch = new Int32Array(n);
  // Depth-first with an explicit stack; children are pushed right then left so leaves come out in
  // order of position in `order`.
  const stack: number[] = [0, n];
  while (stack.length > 0) {
    const hi = stack.pop() as number;
    const lo = stack.pop() as number;
    const size = hi - lo;
    if (size <= leafSize) {
      starts.push(lo);
      continue;
    }
    const mid = splitByRandomHyperplane(data, d, order, lo, hi, normal, side, scratch, random);
    stack.push(mid, hi, lo, mid);
  }
  starts.push(n);
  return { order, starts: Int32Array.from(starts) };
}

/** Partitions `order[lo..hi)` in place and returns the boundary; both sides are non-empty. */
function splitByRandomHyperplane(
  data: Float32Array,
  d: number,
  order: Int32Array,
  lo: number,
  hi: number,
  normal: Float64Array,
  side: Uint8Array,
  scratch: Int32Array,
  random: RandomSource,
): number {
  const size = hi - lo;
  const first = randomInt(random, size);
  let second = randomInt(random, size - 1);
  if (second >= first) second++;
  const a = order[lo + first] * d;
  const b = order[lo + second] * d;
  let offset = 0;
  for (let t = 0; t < d; t++) {
    normal[t] = data[a + t] - data[b + t];
    offset += (normal[t] * (data[a + t] + data[b + t])) / 2;
  }
  let left = 0;
  const d4 = d - (d % 4);
  for (let p = lo; p < hi; p++) {
    const row = order[p] * d;
    // Four independent sums let the additions overlap; the tail loop covers d % 4.
    let m0 = 0;
    let m1 = 0;
    let m2 = 0;
    let m3 = 0;
    for (let t = 0; t < d4; t += 4) {
      m0 += normal[t] * data[row + t];
      m1 += normal[t + 1] * data[row + t + 1];
      m2 += normal[t + 2] * data[row + t + 2];
      m3 += normal[t + 3] * data[row + t + 3];
    }
    for (let t = d4; t < d; t++) m0 += normal[t] * data[row + t];
    const margin = m0 + m1 + m2 + m3 - offset;
    // Points on the plane (duplicates of the midpoint, or a degenerate plane) go either way.
    const goesLeft = margin < 0 || (margin === 0 && random() < 0.5);
    side[p] = goesLeft ? 1 : 0;
    if (goesLeft) left++;
  }
  if (left === 0 || left === size) return lo + (size >> 1);
  let l = lo;
  let r = lo + left;
  for (let p = lo; p < hi; p++) scratch[side[p] ? l++ : r++] = order[p];
  order.set(scratch.subarray(lo, hi), lo);
  return lo + left;
}
