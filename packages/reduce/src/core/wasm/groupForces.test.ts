import { gaussianSource } from '../test-helpers/clusters';
import { walkingGroups } from '../tsne/gradient';
import { SpaceTree } from '../tsne/spaceTree';
import { GroupForces } from './groupForces';

/**
 * A group's repulsion in JS, as the formula reads: the tree walked once for the sorted points
 * [a, b) (a node whose centre of mass is farther from the group's bounding box than its opening
 * distance is one source of its point count, an opened leaf gives its points of mass 1), then
 * for each point and source w = 1 / (1 + |y_p − s|²), m = mass · w, z += m, f += m · w · d.
 */
function groupInJs(tree: SpaceTree, a: number, b: number, out: Float64Array): number {
  const { dims, record, skip, leafStart, sorted, order } = tree;
  const stride = dims + 2;
  const lo = Array.from({ length: dims }, (_, t) => sorted[a * dims + t]);
  const hi = [...lo];
  for (let p = a; p < b; p++)
    for (let t = 0; t < dims; t++) {
      lo[t] = Math.min(lo[t], sorted[p * dims + t]);
      hi[t] = Math.max(hi[t], sorted[p * dims + t]);
    }
  const sources: number[][] = [];
  let node = 0;
  while (node < tree.size) {
    const o = node * stride;
    let gap = 0;
    for (let t = 0; t < dims; t++) {
      const c = record[o + t];
      const g = c < lo[t] ? lo[t] - c : c > hi[t] ? c - hi[t] : 0;
      gap += g * g;
    }
    if (gap > record[o + dims + 1]) {
      sources.push([...record.subarray(o, o + dims + 1)]);
      node = skip[node];
    } else if (leafStart[node] < 0) {
      node++;
    } else {
      for (let q = leafStart[node]; q < leafStart[node] + record[o + dims]; q++)
        sources.push([...sorted.subarray(q * dims, q * dims + dims), 1]);
      node = skip[node];
    }
  }
  let z = 0;
  const d = new Array<number>(dims);
  for (let p = a; p < b; p++) {
    const f = new Array<number>(dims).fill(0);
    let zp = 0;
    for (const s of sources) {
      let s2 = 1;
      for (let t = 0; t < dims; t++) {
        d[t] = sorted[p * dims + t] - s[t];
        s2 += d[t] * d[t];
      }
      const w = 1 / s2;
      const m = s[dims] * w;
      zp += m;
      for (let t = 0; t < dims; t++) f[t] += m * w * d[t];
    }
    for (let t = 0; t < dims; t++) out[order[p] * dims + t] = f[t];
    z += zp;
  }
  return z;
}

describe.each([2, 3] as const)('GroupForces (WebAssembly SIMD) in %i-D', (dims) => {
  const n = 700;

  it.each([
    ['a start layout (spread 1e-4), theta 0.5', 1e-4, 0.5],
    ['a layout 60 units wide, theta 0.5', 30, 0.5],
    ['a layout 60 units wide, theta 0 (every leaf opened)', 30, 0],
  ])('gives the JS walk and loop bit for bit on %s', (_, scale, theta) => {
    const gauss = gaussianSource(dims + scale);
    // Clusters of points, some of them duplicates (a leaf that outgrows a walking group).
    const coords = Float64Array.from({ length: n * dims }, (_, c) =>
      c < 40 * dims ? scale * (c % dims) : scale * (gauss() + 4 * (Math.floor(c / dims) % 5)),
    );
    const tree = new SpaceTree(dims, n);
    tree.build(coords, n, theta);
    const starts = new Int32Array(n + 1);
    const groups = walkingGroups(tree, starts);
    let largest = 0;
    for (let g = 0; g < groups; g++) largest = Math.max(largest, starts[g + 1] - starts[g]);
    expect(largest).toBeGreaterThanOrEqual(40);
    const kernel = new GroupForces(n, dims);
    kernel.load(tree);
    const got = new Float64Array(n * dims);
    const want = new Float64Array(n * dims);
    for (let g = 0; g < groups; g++) {
      const z = kernel.group(starts[g], starts[g + 1], tree.order, got);
      expect(z).toBe(groupInJs(tree, starts[g], starts[g + 1], want));
    }
    expect(Buffer.from(got.buffer)).toEqual(Buffer.from(want.buffer));
  });
});
