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
 * Barnes-Hut repulsion: for every point, Σ_j w_ij² (y_i − y_j) into `out`, approximating each cell
 * whose side is below `theta` times its distance by its centre of mass. Returns Z = Σ_{i≠j} w_ij.
 */
export function repulsiveForces(
  tree: SpaceTree,
  coords: Float64Array,
  n: number,
  theta: number,
  out: Float64Array,
  stack: Int32Array,
): number {
  const dims = tree.dims;
  const fanout = tree.fanout;
  const { firstChild, count, com, halfWidth, leafOf } = tree;
  const theta2 = theta * theta;
  const force = new Float64Array(dims);
  let z = 0;
  for (let i = 0; i < n; i++) {
    force.fill(0);
    let top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const node = stack[--top];
      const cnt = count[node];
      if (cnt === 0) continue;
      let d2 = 0;
      for (let t = 0; t < dims; t++) {
        const d = coords[i * dims + t] - com[node * dims + t];
        d2 += d * d;
      }
      const leaf = firstChild[node] === -1;
      const side = 2 * halfWidth[node];
      if (leaf || side * side < theta2 * d2) {
        // The leaf holding i itself only adds i's near-duplicates.
        const others = node === leafOf[i] ? cnt - 1 : cnt;
        const w = 1 / (1 + d2);
        z += others * w;
        const m = others * w * w;
        for (let t = 0; t < dims; t++) force[t] += m * (coords[i * dims + t] - com[node * dims + t]);
      } else {
        const first = firstChild[node];
        for (let c = 0; c < fanout; c++) stack[top++] = first + c;
      }
    }
    for (let t = 0; t < dims; t++) out[i * dims + t] = force[t];
  }
  return z;
}
