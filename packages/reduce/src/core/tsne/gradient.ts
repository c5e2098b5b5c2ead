import type { SparseAffinities } from './affinities';
import type { SpaceTree } from './spaceTree';

/**
 * Attractive part of the gradient, Σ_j p_ij w_ij (y_i − y_j) with w = 1 / (1 + |y_i − y_j|²),
 * scaled by `exaggeration`, into `out`. `upper` holds each symmetric pair once (j > i, see
 * `upperTriangle`): the pair's force is computed once and applied to both ends.
 */
export function attractiveForces(
  upper: SparseAffinities,
  coords: Float64Array,
  dims: 2 | 3,
  exaggeration: number,
  out: Float64Array,
): void {
  const { n, rowPtr, cols, vals } = upper;
  out.fill(0);
  if (dims === 2) {
    for (let i = 0; i < n; i++) {
      const xi = coords[2 * i];
      const yi = coords[2 * i + 1];
      let fx = 0;
      let fy = 0;
      for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) {
        const j = cols[e];
        const dx = xi - coords[2 * j];
        const dy = yi - coords[2 * j + 1];
        const m = (exaggeration * vals[e]) / (1 + dx * dx + dy * dy);
        fx += m * dx;
        fy += m * dy;
        out[2 * j] -= m * dx;
        out[2 * j + 1] -= m * dy;
      }
      out[2 * i] += fx;
      out[2 * i + 1] += fy;
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const xi = coords[3 * i];
    const yi = coords[3 * i + 1];
    const zi = coords[3 * i + 2];
    let fx = 0;
    let fy = 0;
    let fz = 0;
    for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) {
      const j = cols[e];
      const dx = xi - coords[3 * j];
      const dy = yi - coords[3 * j + 1];
      const dz = zi - coords[3 * j + 2];
      const m = (exaggeration * vals[e]) / (1 + dx * dx + dy * dy + dz * dz);
      fx += m * dx;
      fy += m * dy;
      fz += m * dz;
      out[3 * j] -= m * dx;
      out[3 * j + 1] -= m * dy;
      out[3 * j + 2] -= m * dz;
    }
    out[3 * i] += fx;
    out[3 * i + 1] += fy;
    out[3 * i + 2] += fz;
  }
}

/** Most points that share one tree walk (a subtree this small is walked once for all of them). */
const GROUP_SIZE = 64;

/**
 * Barnes-Hut repulsion: for every point, Σ_j w_ij² (y_i − y_j) into `out` (input row order),
 * summarising each cell that the tree marks as far enough by its centre of mass. Returns
 * Z = Σ_{i≠j} w_ij.
 *
 * Nearby points walk the tree together: a cell is summarised for a whole group only when it is
 * far enough from the group's bounding box, which for each point of the group is at least as
 * strict as its own test. One walk's decisions (the unpredictable branches) serve the group, and
 * the per-point work left is a short branch-free loop.
 */
export function repulsiveForces(tree: SpaceTree, out: Float64Array, scratch: Float64Array): number {
  const { n, size, record, skip, dims } = tree;
  const stride = dims + 2;
  scratch.fill(0, 0, (dims + 1) * n);
  let z = 0;
  let node = 0;
  while (node < size) {
    const count = record[node * stride + dims];
    if (count > GROUP_SIZE) {
      node++;
      continue;
    }
    const first = firstPoint(tree, node);
    z += dims === 2 ? group2d(tree, first, first + count, scratch) : group3d(tree, first, first + count, scratch);
    node = skip[node];
  }
  // Forces were accumulated in sorted order; hand them back in input order.
  const { order } = tree;
  for (let s = 0; s < n; s++) {
    for (let t = 0; t < dims; t++) out[order[s] * dims + t] = scratch[s * (dims + 1) + t];
  }
  return z;
}

/** The first sorted position covered by a node: its leftmost leaf's start. */
function firstPoint(tree: SpaceTree, node: number): number {
  while (tree.leafStart[node] < 0) node++;
  return tree.leafStart[node];
}

/** Adds the repulsion on sorted points [a, b) into `acc` (x, y, unused per point); returns their Z share. */
function group2d(tree: SpaceTree, a: number, b: number, acc: Float64Array): number {
  const { size, record, skip, leafStart, sorted } = tree;
  let loX = Infinity;
  let loY = Infinity;
  let hiX = -Infinity;
  let hiY = -Infinity;
  for (let p = a; p < b; p++) {
    const x = sorted[2 * p];
    const y = sorted[2 * p + 1];
    if (x < loX) loX = x;
    if (x > hiX) hiX = x;
    if (y < loY) loY = y;
    if (y > hiY) hiY = y;
  }
  let z = 0;
  let node = 0;
  while (node < size) {
    const o = node * 4;
    const cx = record[o];
    const cy = record[o + 1];
    // Squared distance from the group's box to the cell's centre of mass: the nearest any member can be.
    const gx = cx < loX ? loX - cx : cx > hiX ? cx - hiX : 0;
    const gy = cy < loY ? loY - cy : cy > hiY ? cy - hiY : 0;
    if (gx * gx + gy * gy > record[o + 3]) {
      const mass = record[o + 2];
      for (let p = a; p < b; p++) {
        const dx = sorted[2 * p] - cx;
        const dy = sorted[2 * p + 1] - cy;
        const w = 1 / (1 + dx * dx + dy * dy);
        const m = mass * w;
        z += m;
        acc[3 * p] += m * w * dx;
        acc[3 * p + 1] += m * w * dy;
      }
      node = skip[node];
    } else if (leafStart[node] >= 0) {
      const first = leafStart[node];
      const last = first + record[o + 2];
      for (let p = a; p < b; p++) {
        const xp = sorted[2 * p];
        const yp = sorted[2 * p + 1];
        let fx = 0;
        let fy = 0;
        for (let q = first; q < last; q++) {
          const dx = xp - sorted[2 * q];
          const dy = yp - sorted[2 * q + 1];
          const w = 1 / (1 + dx * dx + dy * dy);
          z += w;
          fx += w * w * dx;
          fy += w * w * dy;
        }
        acc[3 * p] += fx;
        acc[3 * p + 1] += fy;
      }
      // Each member met itself once in its own leaf (w = 1, no force): take it back out of Z.
      if (first < b && last > a) z -= Math.min(b, last) - Math.max(a, first);
      node = skip[node];
    } else {
      node++;
    }
  }
  return z;
}

/** The 3-D twin of `group2d` (x, y, z per point in `acc`, with a spare slot). */
function group3d(tree: SpaceTree, a: number, b: number, acc: Float64Array): number {
  const { size, record, skip, leafStart, sorted } = tree;
  let loX = Infinity;
  let loY = Infinity;
  let loZ = Infinity;
  let hiX = -Infinity;
  let hiY = -Infinity;
  let hiZ = -Infinity;
  for (let p = a; p < b; p++) {
    const x = sorted[3 * p];
    const y = sorted[3 * p + 1];
    const zc = sorted[3 * p + 2];
    if (x < loX) loX = x;
    if (x > hiX) hiX = x;
    if (y < loY) loY = y;
    if (y > hiY) hiY = y;
    if (zc < loZ) loZ = zc;
    if (zc > hiZ) hiZ = zc;
  }
  let z = 0;
  let node = 0;
  while (node < size) {
    const o = node * 5;
    const cx = record[o];
    const cy = record[o + 1];
    const cz = record[o + 2];
    const gx = cx < loX ? loX - cx : cx > hiX ? cx - hiX : 0;
    const gy = cy < loY ? loY - cy : cy > hiY ? cy - hiY : 0;
    const gz = cz < loZ ? loZ - cz : cz > hiZ ? cz - hiZ : 0;
    if (gx * gx + gy * gy + gz * gz > record[o + 4]) {
      const mass = record[o + 3];
      for (let p = a; p < b; p++) {
        const dx = sorted[3 * p] - cx;
        const dy = sorted[3 * p + 1] - cy;
        const dz = sorted[3 * p + 2] - cz;
        const w = 1 / (1 + dx * dx + dy * dy + dz * dz);
        const m = mass * w;
        z += m;
        acc[4 * p] += m * w * dx;
        acc[4 * p + 1] += m * w * dy;
        acc[4 * p + 2] += m * w * dz;
      }
      node = skip[node];
    } else if (leafStart[node] >= 0) {
      const first = leafStart[node];
      const last = first + record[o + 3];
      for (let p = a; p < b; p++) {
        const xp = sorted[3 * p];
        const yp = sorted[3 * p + 1];
        const zp = sorted[3 * p + 2];
        let fx = 0;
        let fy = 0;
        let fz = 0;
        for (let q = first; q < last; q++) {
          const dx = xp - sorted[3 * q];
          const dy = yp - sorted[3 * q + 1];
          const dz = zp - sorted[3 * q + 2];
          const w = 1 / (1 + dx * dx + dy * dy + dz * dz);
          z += w;
          fx += w * w * dx;
          fy += w * w * dy;
          fz += w * w * dz;
        }
        acc[4 * p] += fx;
        acc[4 * p + 1] += fy;
        acc[4 * p + 2] += fz;
      }
      if (first < b && last > a) z -= Math.min(b, last) - Math.max(a, first);
      node = skip[node];
    } else {
      node++;
    }
  }
  return z;
}
