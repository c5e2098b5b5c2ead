import { seededRandom } from '../random';
import { BarnesHutRepulsion } from './repulsion';
import { gaussianSource } from './random';

/** Σ_j w_ij² (y_i − y_j) and Z by brute force. */
function exactRepulsion(
  coords: Float64Array,
  n: number,
  dims: number,
): { forces: Float64Array; z: number } {
  const forces = new Float64Array(n * dims);
  let z = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      let d2 = 0;
      for (let t = 0; t < dims; t++) d2 += (coords[i * dims + t] - coords[j * dims + t]) ** 2;
      const w = 1 / (1 + d2);
      z += w;
      for (let t = 0; t < dims; t++)
        forces[i * dims + t] += w * w * (coords[i * dims + t] - coords[j * dims + t]);
    }
  }
  return { forces, z };
}

function randomLayout(n: number, dims: number, scale: number, seed: number): Float64Array {
  const gauss = gaussianSource(seededRandom(seed));
  return Float64Array.from({ length: n * dims }, () => scale * gauss());
}

describe.each([2, 3] as const)('Barnes-Hut repulsion in %i-D', (dims) => {
  const n = 400;

  test('theta = 0 is exact, duplicates included', () => {
    const coords = randomLayout(n, dims, 5, dims);
    // Exact duplicates must neither repel each other nor be lost from Z; 40 of them overflow a
    // leaf and a walking group, so the tree must stop splitting at identical positions.
    for (let i = 10; i < 50; i++) {
      for (let t = 0; t < dims; t++) coords[i * dims + t] = coords[3 * dims + t];
    }
    const want = exactRepulsion(coords, n, dims);
    const got = new Float64Array(n * dims);
    const z = new BarnesHutRepulsion(n, dims, 0).forces(coords, got);
    expect(z).toBeCloseTo(want.z, 8);
    for (let c = 0; c < n * dims; c++) expect(got[c]).toBeCloseTo(want.forces[c], 10);
  });

  test('theta = 0.5 stays within a few percent of exact', () => {
    const coords = randomLayout(n, dims, 20, 10 + dims);
    const want = exactRepulsion(coords, n, dims);
    const got = new Float64Array(n * dims);
    const z = new BarnesHutRepulsion(n, dims, 0.5).forces(coords, got);
    expect(Math.abs(z - want.z) / want.z).toBeLessThan(0.01);
    let err = 0;
    let norm = 0;
    for (let c = 0; c < n * dims; c++) {
      err += (got[c] - want.forces[c]) ** 2;
      norm += want.forces[c] ** 2;
    }
    expect(Math.sqrt(err / norm)).toBeLessThan(0.05);
  });

  test('the tree can be rebuilt for a new layout', () => {
    const repulsion = new BarnesHutRepulsion(n, dims, 0);
    const out = new Float64Array(n * dims);
    repulsion.forces(randomLayout(n, dims, 1, 1), out);
    const coords = randomLayout(n, dims, 50, 2);
    expect(repulsion.forces(coords, out)).toBeCloseTo(exactRepulsion(coords, n, dims).z, 8);
  });
});
