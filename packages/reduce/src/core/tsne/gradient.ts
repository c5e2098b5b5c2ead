import type { PointForces } from '../wasm/pointForces';
import type { TreeArrays } from './spaceTree';

/** Most points that share one tree walk (a subtree this small is walked once for all of them). */
const GROUP_SIZE = 32;

/**
 * The walking groups of a built tree, left to right: group g is the sorted points
 * [starts[g], starts[g + 1]). A group is a subtree of at most `GROUP_SIZE` points, or a leaf of
 * points sharing one Morton cell that outgrew that (it cannot be split). `starts` needs n + 1
 * slots; returns the number of groups.
 */
export function walkingGroups(tree: TreeArrays, starts: Int32Array): number {
  const { size, record, skip, dims, leafStart } = tree;
  const stride = dims + 2;
  let groups = 0;
  let first = 0;
  let node = 0;
  while (node < size) {
    const count = record[node * stride + dims];
    if (count > GROUP_SIZE && leafStart[node] < 0) {
      node++;
      continue;
    }
    starts[groups++] = first;
    first += count;
    node = skip[node];
  }
  starts[groups] = first;
  return groups;
}

/**
 * Barnes-Hut repulsion for the groups [from, to) of `walkingGroups`: for each of their points,
 * Σ_j w_ij² (y_i − y_j) into `out` (input row order), summarising each cell that is far enough
 * by its centre of mass; each group's share of Z = Σ_{i≠j} w_ij goes to `groupZ[g]`. Groups are
 * independent, so they can be split among threads; Z is their sum in group order.
 *
 * Nearby points share one walk of the tree: a cell is summarised for a whole group only when it
 * is far enough from the group's bounding box, which for each member is at least as strict as
 * its own Barnes-Hut test. The walk lists the summarised cells and the points of the opened
 * leaves as (position, mass) sources into `kernel.sources`; the kernel then runs each member over
 * that list (`PointForces`, in WebAssembly SIMD, one per thread).
 */
export function repulsiveForces(
  tree: TreeArrays,
  starts: Int32Array,
  from: number,
  to: number,
  out: Float64Array,
  groupZ: Float64Array,
  kernel: PointForces,
): void {
  for (let g = from; g < to; g++) {
    const a = starts[g];
    const b = starts[g + 1];
    const len = groupSources(tree, a, b, kernel.sources);
    // Every member met itself once among its own leaf's points (w = 1, no force): take that out
    // of Z. That holds while no cell holding group members is summarised, which theta < 1/√2
    // (2-D) and 1/√3 (3-D) ensure; above it Z is off by a few parts in 100,000 (measured at
    // theta 1 on 2-D layouts).
    groupZ[g] = kernel.group(tree.sorted, tree.order, a, b, len, out) - (b - a);
  }
}

/** Σ values[0 .. count) left to right: the one summation order every thread count shares. */
export function sumInOrder(values: Float64Array, count: number): number {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += values[i];
  return sum;
}

/**
 * The interaction list of the sorted points [a, b): walks the tree once for the whole group and
 * writes each cell far enough from the group's bounding box as (centre of mass, mass), and the
 * points of every leaf it opens as (position, 1), into `sources`; returns the values written.
 * The walk is written out for 2 and 3 dimensions (a third coordinate read only in 3-D) rather
 * than looping over `dims`: with per-dimension loops and the bounds in typed arrays it took 40%
 * of the repulsion's CPU time (one-thread profile of a 10,000-row Fashion-MNIST run, issue 15);
 * this form takes a whole Barnes-Hut pass to 0.85–0.92× its time (10,000 and 70,000 points on
 * 10-cluster layouts 40 and 150 units wide, interleaved with the old code, least of 8–30 runs,
 * load 9). The lists are the same, in the same order, so the forces are the same bytes.
 */
function groupSources(tree: TreeArrays, a: number, b: number, sources: Float64Array): number {
  const { dims, size, record, skip, leafStart, sorted } = tree;
  const three = dims === 3;
  const stride = dims + 2;
  // The group's bounding box, from its first point on.
  let lo0 = sorted[dims * a];
  let hi0 = lo0;
  let lo1 = sorted[dims * a + 1];
  let hi1 = lo1;
  let lo2 = three ? sorted[dims * a + 2] : 0;
  let hi2 = lo2;
  for (let p = a + 1; p < b; p++) {
    lo0 = Math.min(lo0, sorted[dims * p]);
    hi0 = Math.max(hi0, sorted[dims * p]);
    lo1 = Math.min(lo1, sorted[dims * p + 1]);
    hi1 = Math.max(hi1, sorted[dims * p + 1]);
    if (three) {
      lo2 = Math.min(lo2, sorted[dims * p + 2]);
      hi2 = Math.max(hi2, sorted[dims * p + 2]);
    }
  }
  let len = 0;
  let node = 0;
  while (node < size) {
    const o = node * stride;
    // Squared distance from the group's box to the centre of mass: the nearest any member can be.
    const c0 = record[o];
    const c1 = record[o + 1];
    const g0 = c0 < lo0 ? lo0 - c0 : c0 > hi0 ? c0 - hi0 : 0;
    const g1 = c1 < lo1 ? lo1 - c1 : c1 > hi1 ? c1 - hi1 : 0;
    let gap = g0 * g0 + g1 * g1;
    if (three) {
      const c2 = record[o + 2];
      const g2 = c2 < lo2 ? lo2 - c2 : c2 > hi2 ? c2 - hi2 : 0;
      gap += g2 * g2;
    }
    if (gap > record[o + dims + 1]) {
      sources[len] = c0;
      sources[len + 1] = c1;
      if (three) sources[len + 2] = record[o + 2];
      sources[len + dims] = record[o + dims];
      len += dims + 1;
      node = skip[node];
      continue;
    }
    const first = leafStart[node];
    if (first < 0) {
      node++;
      continue;
    }
    const last = first + record[o + dims];
    for (let q = first; q < last; q++) {
      sources[len] = sorted[dims * q];
      sources[len + 1] = sorted[dims * q + 1];
      if (three) sources[len + 2] = sorted[dims * q + 2];
      sources[len + dims] = 1;
      len += dims + 1;
    }
    node = skip[node];
  }
  return len;
}
