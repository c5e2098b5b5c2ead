import type { SparseAffinities } from './affinities';
import type { SpaceTree } from './spaceTree';

/**
 * Attractive part of the gradient, Σ_j p_ij w_ij (y_i − y_j) with w = 1 / (1 + |y_i − y_j|²),
 * written into `out` (scaled by `exaggeration`).
 */
export function attractiveForces(
  P: SparseAffinities,
  coords: Float64Array,
  dims: number,
  exaggeration: number,
  out: Float64Array,
): void {
  const { n, rowPtr, cols, vals } = P;
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
        const m = vals[e] / (1 + dx * dx + dy * dy);
        fx += m * dx;
        fy += m * dy;
      }
      out[2 * i] = exaggeration * fx;
      out[2 * i + 1] = exaggeration * fy;
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) {
      const j = cols[e];
      let d2 = 0;
      for (let t = 0; t < dims; t++) {
        const d = coords[i * dims + t] - coords[j * dims + t];
        d2 += d * d;
      }
      const m = (exaggeration * vals[e]) / (1 + d2);
      for (let t = 0; t < dims; t++) out[i * dims + t] += m * (coords[i * dims + t] - coords[j * dims + t]);
    }
  }
}

/**
 * Barnes-Hut repulsion: for every point, Σ_j w_ij² (y_i − y_j) into `out` (input row order),
 * summarising each cell that the tree marks as far enough by its centre of mass. Returns
 * Z = Σ_{i≠j} w_ij.
 */
export function repulsiveForces(tree: SpaceTree, out: Float64Array): number {
  return tree.dims === 2 ? repulsion2d(tree, out) : repulsion3d(tree, out);
}

function repulsion2d(tree: SpaceTree, out: Float64Array): number {
  const { n, size, record, skip, leafStart, sorted, order } = tree;
  let z = 0;
  for (let s = 0; s < n; s++) {
    const xi = sorted[2 * s];
    const yi = sorted[2 * s + 1];
    let fx = 0;
    let fy = 0;
    let zi = 0;
    let node = 0;
    while (node < size) {
      const o = node * 4;
      const dx = xi - record[o];
      const dy = yi - record[o + 1];
      const d2 = dx * dx + dy * dy;
      if (d2 > record[o + 3]) {
        const w = 1 / (1 + d2);
        const m = record[o + 2] * w;
        zi += m;
        fx += m * w * dx;
        fy += m * w * dy;
        node = skip[node];
      } else if (leafStart[node] >= 0) {
        const first = leafStart[node];
        const last = first + record[o + 2];
        for (let p = first; p < last; p++) {
          if (p === s) continue;
          const px = xi - sorted[2 * p];
          const py = yi - sorted[2 * p + 1];
          const w = 1 / (1 + px * px + py * py);
          zi += w;
          fx += w * w * px;
          fy += w * w * py;
        }
        node = skip[node];
      } else {
        node++;
      }
    }
    const i = order[s];
    out[2 * i] = fx;
    out[2 * i + 1] = fy;
    z += zi;
  }
  return z;
}

function repulsion3d(tree: SpaceTree, out: Float64Array): number {
  const { n, size, record, skip, leafStart, sorted, order } = tree;
  let z = 0;
  for (let s = 0; s < n; s++) {
    const xi = sorted[3 * s];
    const yi = sorted[3 * s + 1];
    const zc = sorted[3 * s + 2];
    let fx = 0;
    let fy = 0;
    let fz = 0;
    let zi = 0;
    let node = 0;
    while (node < size) {
      const o = node * 5;
      const dx = xi - record[o];
      const dy = yi - record[o + 1];
      const dz = zc - record[o + 2];
      const d2 = dx * dx + dy * dy + dz * dz;
      if (d2 > record[o + 4]) {
        const w = 1 / (1 + d2);
        const m = record[o + 3] * w;
        zi += m;
        fx += m * w * dx;
        fy += m * w * dy;
        fz += m * w * dz;
        node = skip[node];
      } else if (leafStart[node] >= 0) {
        const first = leafStart[node];
        const last = first + record[o + 3];
        for (let p = first; p < last; p++) {
          if (p === s) continue;
          const px = xi - sorted[3 * p];
          const py = yi - sorted[3 * p + 1];
          const pz = zc - sorted[3 * p + 2];
          const w = 1 / (1 + px * px + py * py + pz * pz);
          zi += w;
          fx += w * w * px;
          fy += w * w * py;
          fz += w * w * pz;
        }
        node = skip[node];
      } else {
        node++;
      }
    }
    const i = order[s];
    out[3 * i] = fx;
    out[3 * i + 1] = fy;
    out[3 * i + 2] = fz;
    z += zi;
  }
  return z;
}
