import type { NeighborList } from '@latentlens/data';
import { checkKnnInput } from './checkRows';
import { offerRanked } from './rankedList';

/** Rows per leaf: small enough to prune well, large enough to keep the tree shallow. */
const LEAF_SIZE = 16;

/**
 * Exact k-nearest neighbours (Euclidean, self excluded, nearest first; equal distances by
 * smaller index) through a k-d tree. Near O(n log n) for the 2-D and 3-D layouts that
 * projections produce; in high dimensions pruning fails and `exactKnn` is the better choice.
 */
export function kdTreeKnn(data: Float32Array, n: number, d: number, k: number): NeighborList {
  checkKnnInput('kdTreeKnn', data, n, d, k);
  const tree = buildTree(data, n, d);
  const indices = new Int32Array(n * k);
  const best = new Float64Array(n * k);
  const stack = new Int32Array(64 * 2);
  const bounds = new Float64Array(64 * 2);
  for (let i = 0; i < n; i++) {
    const base = i * k;
    best.fill(Infinity, base, base + k);
    indices.fill(-1, base, base + k);
    let top = 0;
    stack[top] = 0;
    bounds[top++] = 0;
    while (top > 0) {
      top--;
      const node = stack[top];
      const bound = bounds[top];
      if (bound > best[base + k - 1]) continue;
      const split = tree.splitDim[node];
      if (split < 0) {
        for (let p = tree.lo[node]; p < tree.hi[node]; p++) {
          const j = tree.order[p];
          if (j === i) continue;
          let s = 0;
          for (let t = 0; t < d; t++) {
            const diff = data[i * d + t] - data[j * d + t];
            s += diff * diff;
          }
          offerRanked(best, indices, base, k, s, j);
        }
        continue;
      }
      const gap = data[i * d + split] - tree.splitValue[node];
      const near = gap < 0 ? tree.left[node] : tree.left[node] + 1;
      const far = gap < 0 ? tree.left[node] + 1 : tree.left[node];
      // Far side first on the stack so the near side is searched first and tightens the bound.
      stack[top] = far;
      bounds[top] = Math.max(bound, gap * gap);
      top++;
      stack[top] = near;
      bounds[top] = bound;
      top++;
    }
  }
  const distances = new Float32Array(n * k);
  for (let p = 0; p < n * k; p++) distances[p] = Math.sqrt(best[p]);
  return { n, k, indices, distances };
}

interface KdTree {
  order: Int32Array;
  lo: Int32Array;
  hi: Int32Array;
  /** Split dimension of an inner node, -1 for a leaf. */
  splitDim: Int32Array;
  splitValue: Float64Array;
  /** Index of the left child; the right child is the next node. */
  left: Int32Array;
}

/** Median splits on the dimension of widest spread; children are allocated as adjacent pairs. */
function buildTree(data: Float32Array, n: number, d: number): KdTree {
  const capacity = 2 * Math.ceil(n / (LEAF_SIZE / 2)) + 1;
  const tree: KdTree = {
    order: Int32Array.from({ length: n }, (_, i) => i),
    lo: new Int32Array(capacity),
    hi: new Int32Array(capacity),
    splitDim: new Int32Array(capacity).fill(-1),
    splitValue: new Float64Array(capacity),
    left: new Int32Array(capacity),
  };
  let nodes = 1;
  tree.hi[0] = n;
  const pending = [0];
  while (pending.length > 0) {
    const node = pending.pop() as number;
    const lo = tree.lo[node];
    const hi = tree.hi[node];
    if (hi - lo <= LEAF_SIZE) continue;
    const dim = widestDimension(data, d, tree.order, lo, hi);
    const slice = Array.from(tree.order.subarray(lo, hi)).sort(
      (a, b) => data[a * d + dim] - data[b * d + dim],
    );
    tree.order.set(slice, lo);
    const mid = lo + ((hi - lo) >> 1);
    tree.splitDim[node] = dim;
    // Points left of `mid` are ≤ the split value and points from `mid` on are ≥ it, so the
    // search's "gap < 0 goes left" rule and its gap² bound are both valid for ties.
    tree.splitValue[node] = data[tree.order[mid] * d + dim];
    tree.left[node] = nodes;
    tree.lo[nodes] = lo;
    tree.hi[nodes] = mid;
    tree.lo[nodes + 1] = mid;
    tree.hi[nodes + 1] = hi;
    pending.push(nodes, nodes + 1);
    nodes += 2;
  }
  return tree;
}

function widestDimension(
  data: Float32Array,
  d: number,
  order: Int32Array,
  lo: number,
  hi: number,
): number {
  let best = 0;
  let bestSpread = -1;
  for (let t = 0; t < d; t++) {
    let min = Infinity;
    let max = -Infinity;
    for (let p = lo; p < hi; p++) {
      const v = data[order[p] * d + t];
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (max - min > bestSpread) {
      bestSpread = max - min;
      best = t;
    }
  }
  return best;
}
