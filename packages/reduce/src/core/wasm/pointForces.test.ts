import { gaussianSource } from '../test-helpers/clusters';
import { PointForces } from './pointForces';

/**
 * The per-point loop in JS, one point at a time: w = 1 / (1 + |y_p − s|²), m = mass · w,
 * z += m, f += m · w · (y_p − s), source by source.
 */
function pointInJs(
  point: Float64Array,
  sources: Float64Array,
  len: number,
  dims: number,
): { force: number[]; z: number } {
  const force = new Array<number>(dims).fill(0);
  const d = new Array<number>(dims);
  let z = 0;
  for (let e = 0; e < len; e += dims + 1) {
    let s = 1;
    for (let t = 0; t < dims; t++) {
      d[t] = point[t] - sources[e + t];
      s += d[t] * d[t];
    }
    const w = 1 / s;
    const m = sources[e + dims] * w;
    z += m;
    for (let t = 0; t < dims; t++) force[t] += m * w * d[t];
  }
  return { force, z };
}

describe.each([2, 3] as const)('PointForces (WebAssembly SIMD) in %i-D', (dims) => {
  const n = 200;
  const gauss = gaussianSource(dims);
  // Sorted points of a layout 40 units wide, and a list mixing single points and heavy cells.
  const sorted = Float64Array.from({ length: n * dims }, () => 20 * gauss());
  const order = Int32Array.from({ length: n }, (_, i) => (i * 37) % n);
  const kernel = new PointForces(n, dims);
  const sourceCount = 150;
  const len = sourceCount * (dims + 1);
  for (let c = 0; c < sourceCount; c++) {
    for (let t = 0; t < dims; t++) kernel.sources[c * (dims + 1) + t] = 20 * gauss();
    kernel.sources[c * (dims + 1) + dims] =
      c % 3 === 0 ? 1 : 1 + Math.floor(50 * Math.abs(gauss()));
  }
  const sources = kernel.sources.slice(0, len);

  it.each([
    [0, 1],
    [5, 7],
    [10, 13],
    [20, 24],
    [30, 35],
    [40, 73],
    [0, n],
  ])('gives the JS loop bit for bit on the sorted points [%i, %i)', (a, b) => {
    const out = new Float64Array(n * dims).fill(-1);
    const z = kernel.group(sorted, order, a, b, len, out);
    const want = new Float64Array(n * dims).fill(-1);
    let wantZ = 0;
    for (let p = a; p < b; p++) {
      const got = pointInJs(sorted.subarray(p * dims, p * dims + dims), sources, len, dims);
      for (let t = 0; t < dims; t++) want[order[p] * dims + t] = got.force[t];
      wantZ += got.z;
    }
    expect(Buffer.from(out.buffer)).toEqual(Buffer.from(want.buffer));
    expect(z).toBe(wantZ);
  });
});
