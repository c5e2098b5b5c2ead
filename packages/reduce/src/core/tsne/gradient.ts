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
 * leaves as (position, mass) sources; each member then runs one branch-free loop over that list.
 * `sources` needs room for (dims + 1) × (n + tree nodes) values.
 */
export function repulsiveForces(
  tree: TreeArrays,
  starts: Int32Array,
  from: number,
  to: number,
  out: Float64Array,
  groupZ: Float64Array,
  sources: Float64Array,
): void {
  for (let g = from; g < to; g++) {
    groupZ[g] = groupForces(tree, starts[g], starts[g + 1], sources, out);
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

/** Repulsion on the sorted points [a, b), written to `out` in input order; returns their share of Z. */
function groupForces(
  tree: TreeArrays,
  a: number,
  b: number,
  sources: Float64Array,
  out: Float64Array,
): number {
  const len = groupSources(tree, a, b, sources);
  const pointForces = tree.dims === 2 ? pointForces2d : pointForces3d;
  let z = 0;
  for (let p = a; p < b; p++) z += pointForces(tree.sorted, p, tree.order[p], sources, len, out);
  // Every member met itself once among its own leaf's points (w = 1, no force): take that out of Z.
  // That holds while no cell holding group members is summarised, which theta < 1/√2 (2-D) and
  // 1/√3 (3-D) ensure; above it Z is off by a few parts in 100,000 (measured at theta 1 on 2-D
  // layouts).
  return z - (b - a);
}

/** Signature of the per-point force loops below. */
type PointForces = (
  sorted: Float64Array,
  p: number,
  i: number,
  sources: Float64Array,
  len: number,
  out: Float64Array,
) => number;

/**
 * The force on sorted point p (input row i) from the `len` values of `sources`, into `out`;
 * returns its Σ w. The 2-D and 3-D loops are written out rather than looping over a dimension
 * count: in this, the innermost loop of t-SNE, fixed-size arithmetic on named locals is what
 * keeps V8 fast.
 */
const pointForces2d: PointForces = (sorted, p, i, sources, len, out) => {
  const xp = sorted[2 * p];
  const yp = sorted[2 * p + 1];
  let fx = 0;
  let fy = 0;
  let zp = 0;
  for (let e = 0; e < len; e += 3) {
    const dx = xp - sources[e];
    const dy = yp - sources[e + 1];
    const w = 1 / (1 + dx * dx + dy * dy);
    const m = sources[e + 2] * w;
    zp += m;
    fx += m * w * dx;
    fy += m * w * dy;
  }
  out[2 * i] = fx;
  out[2 * i + 1] = fy;
  return zp;
};

/** The 3-D twin of `pointForces2d`. */
const pointForces3d: PointForces = (sorted, p, i, sources, len, out) => {
  const xp = sorted[3 * p];
  const yp = sorted[3 * p + 1];
  const zp = sorted[3 * p + 2];
  let fx = 0;
  let fy = 0;
  let fz = 0;
  let zsum = 0;
  for (let e = 0; e < len; e += 4) {
    const dx = xp - sources[e];
    const dy = yp - sources[e + 1];
    const dz = zp - sources[e + 2];
    const w = 1 / (1 + dx * dx + dy * dy + dz * dz);
    const m = sources[e + 3] * w;
    zsum += m;
    fx += m * w * dx;
    fy += m * w * dy;
    fz += m * w * dz;
  }
  out[3 * i] = fx;
  out[3 * i + 1] = fy;
  out[3 * i + 2] = fz;
  return zsum;
};
