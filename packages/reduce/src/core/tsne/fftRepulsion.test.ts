import { exactKnn } from '../knn';
import { seededRandom } from '../random';
import { loadMnistDigits } from '../test-helpers/mnistDigits';
import { tsneEmbed } from './tsne';
import { GridConvolution, transformSize } from './fftConvolution';
import { FftRepulsion } from './fftRepulsion';
import { gaussianSource } from './random';
import { chooseGrid } from './interpolation';
import { TsneGradient } from './optimize';
import { serialRunner } from '../tasks';
import type { TsneGradientMethod } from './types';

function randomLayout(n: number, scale: number, seed: number): Float64Array {
  const gauss = gaussianSource(seededRandom(seed));
  return Float64Array.from({ length: 2 * n }, () => scale * gauss());
}

describe('FFT convolution on the node grid', () => {
  test.each([1, 5, 12])('matches the direct sum on %i × %i nodes', (m) => {
    const size = transformSize(m);
    const conv = new GridConvolution(32, 2, {
      float32: (l) => new Float32Array(l),
      float64: (l) => new Float64Array(l),
      int32: (l) => new Int32Array(l),
      uint8: (l) => new Uint8Array(l),
    });
    conv.setShape(m, size);
    const random = seededRandom(m);
    // Four real charge grids, packed two per complex grid as the repulsion does.
    const charges = Array.from({ length: 4 }, () => Float64Array.from({ length: m * m }, random));
    // Row passes over 3 rows at a time, as over a row of boxes; complex index of node (r, c) of
    // grid g among rows [from, ..): c · count + (r − from) · 2 + g.
    const bands = Array.from({ length: Math.ceil(m / 3) }, (_, i) => [
      3 * i,
      Math.min(m, 3 * i + 3),
    ]);
    const index = (r: number, c: number, g: number, from: number, to: number) =>
      2 * (c * (to - from) * 2 + (r - from) * 2 + g);
    const kernel = (dx: number, dy: number) => 1 / (1 + 0.3 * (dx * dx + dy * dy)) ** 2;
    conv.kernelRows(kernel, 0, conv.kernelRowPairs());
    conv.kernelColumns(0, size / 2);
    for (const [from, to] of bands) {
      const work = conv.rowsToFill(from, to);
      for (let r = from; r < to; r++)
        for (let c = 0; c < m; c++)
          for (let k = 0; k < 4; k++)
            work[index(r, c, k >> 1, from, to) + (k & 1)] = charges[k][r * m + c];
      conv.forwardRows(from, to);
    }
    conv.columns(0, size);
    let worst = 0;
    for (const [from, to] of bands) {
      const work = conv.inverseRows(from, to);
      for (let r = from; r < to; r++)
        for (let c = 0; c < m; c++)
          for (let k = 0; k < 4; k++) {
            let direct = 0;
            for (let s = 0; s < m; s++)
              for (let t = 0; t < m; t++) direct += kernel(c - t, r - s) * charges[k][s * m + t];
            const got = work[index(r, c, k >> 1, from, to) + (k & 1)];
            worst = Math.max(worst, Math.abs(got - direct) / direct);
          }
    }
    expect(worst).toBeLessThan(1e-12);
  });

  test('grids are powers of two that hold the linear convolution', () => {
    expect(transformSize(1)).toBe(2);
    expect(transformSize(126)).toBe(256);
    expect(transformSize(127)).toBe(256);
    expect(transformSize(129)).toBe(512);
    const small = chooseGrid(-3, 4);
    expect([small.boxes, small.size, small.width]).toEqual([42, 256, 7 / 42]);
    expect(chooseGrid(-30, 30).boxes).toBe(85);
    expect(chooseGrid(-30, 30).fine).toBe(true);
    // Too wide for boxes of width 1 within the transform: the boxes widen instead.
    const capped = chooseGrid(-30, 30, 256);
    expect([capped.boxes, capped.fine]).toEqual([42, false]);
    expect(chooseGrid(-100, 100).boxes).toBe(170);
    expect(chooseGrid(-100, 100).fine).toBe(false);
  });
});

/** Σ_j w_ij² (y_i − y_j) and Z by brute force. */
function exactRepulsion(coords: Float64Array, n: number): { forces: Float64Array; z: number } {
  const forces = new Float64Array(2 * n);
  let z = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const dx = coords[2 * i] - coords[2 * j];
      const dy = coords[2 * i + 1] - coords[2 * j + 1];
      const w = 1 / (1 + dx * dx + dy * dy);
      z += w;
      forces[2 * i] += w * w * dx;
      forces[2 * i + 1] += w * w * dy;
    }
  return { forces, z };
}

describe('FFT-interpolated repulsion', () => {
  // Errors (Z, forces) measured when written: 6e-7 and 1.2e-5 on the compact layout (boxes 0.02
  // wide), 1.4e-5 and 1.1e-2 on the wider one (boxes 0.6 wide, about 80 of Z per point).
  test.each([
    ['compact', 600, 0.5, 1e-5, 1e-4],
    ['wider', 2000, 5, 2e-4, 2e-2],
  ])('is close to the exact sums on a %s layout', (_name, n, scale, zTolerance, forceTolerance) => {
    const coords = randomLayout(n as number, scale as number, 3);
    const out = new Float64Array(2 * (n as number));
    const z = new FftRepulsion(n as number, coords, out).serialForces();
    const exact = exactRepulsion(coords, n as number);
    expect(Math.abs(z - exact.z) / exact.z).toBeLessThan(zTolerance as number);
    // Force error relative to the typical force size (single small forces have no relative scale).
    let err = 0;
    let norm = 0;
    for (let c = 0; c < out.length; c++) {
      err += (out[c] - exact.forces[c]) ** 2;
      norm += exact.forces[c] ** 2;
    }
    expect(Math.sqrt(err / norm)).toBeLessThan(forceTolerance as number);
  });

  test('is within 1% of the exact sums on a t-SNE layout of MNIST digits', () => {
    // The final layout of an exact-gradient run (43 units wide, about 2 of Z per point). Whole
    // runs are no test of the forces' error: on 150 points two runs drift to different minima
    // (KL 0.36 and 0.40 measured) even where the FFT's forces were within 4e-5 of exact.
    const { data, n, d } = loadMnistDigits(15);
    const graph = exactKnn(data, n, d, n - 1);
    const options = { graph, init: 'random' as const, learningRate: 50, theta: 0 };
    const coords = Float64Array.from(tsneEmbed(data, n, d, options).coords);
    const out = new Float64Array(2 * n);
    const z = new FftRepulsion(n, coords, out).serialForces();
    const exact = exactRepulsion(coords, n);
    expect(Math.abs(z - exact.z) / exact.z).toBeLessThan(1e-3);
    let err = 0;
    let norm = 0;
    for (let c = 0; c < out.length; c++) {
      err += (out[c] - exact.forces[c]) ** 2;
      norm += exact.forces[c] ** 2;
    }
    expect(Math.sqrt(err / norm)).toBeLessThan(1e-2);
  });

  test('gives the same bytes however its tasks are shared out', () => {
    const n = 500;
    const coords = randomLayout(n, 4, 8);
    const first = new Float64Array(2 * n);
    const zFirst = new FftRepulsion(n, coords, first).serialForces();
    // The same tasks run in reverse order, as another thread count might leave them.
    const second = new Float64Array(2 * n);
    const repulsion = new FftRepulsion(n, coords, second);
    repulsion.prepare();
    const zSecond = repulsion.forces({
      run(kind, count) {
        for (let task = count - 1; task >= 0; task--) repulsion.handlers[kind](task);
      },
    });
    expect(zSecond).toBe(zFirst);
    expect(Buffer.from(second.buffer).equals(Buffer.from(first.buffer))).toBe(true);
  });
});

describe("the 'auto' gradient", () => {
  // No attraction: the repulsion alone tells which method ran.
  const n = 800;
  const P = {
    n,
    rowPtr: new Int32Array(n + 1),
    cols: new Int32Array(0),
    vals: new Float64Array(0),
  };
  function repulsion(coords: Float64Array, method: TsneGradientMethod): Float64Array {
    const gradient = new TsneGradient(P, coords, 2, 0.5, undefined, method);
    gradient.compute(1, serialRunner(gradient.handlers));
    return gradient.repel;
  }
  const same = (a: Float64Array, b: Float64Array) =>
    Buffer.from(a.buffer).equals(Buffer.from(b.buffer));

  test('takes the FFT while the layout fits a small full-resolution grid, else the tree', () => {
    // Below 35,000 points 'auto' allows 256-point transforms: layouts up to 42 units wide.
    const compact = randomLayout(n, 4, 1);
    expect(same(repulsion(compact, 'auto'), repulsion(compact, 'fft'))).toBe(true);
    expect(same(repulsion(compact, 'auto'), repulsion(compact, 'barnes-hut'))).toBe(false);
    const wide = randomLayout(n, 30, 1);
    expect(same(repulsion(wide, 'auto'), repulsion(wide, 'barnes-hut'))).toBe(true);
  });
});
