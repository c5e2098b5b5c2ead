import { seededRandom } from '../random';
import { squaredDistance } from '../squaredDistance';
import { paddedRows, RowDistances } from './rowDistances';

/** `n` rows of `d` values spread over several orders of magnitude, so that roundings differ. */
function randomRows(n: number, d: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const rows = new Float32Array(n * d);
  for (let i = 0; i < rows.length; i++) rows[i] = (random() - 0.5) * 10 ** (4 * random() - 2);
  return rows;
}

/** The brute-force search's dot product in JS: four sums by value index mod 4. */
function dotInFourSums(rows: Float32Array, a: number, b: number, length: number): number {
  const sums = [0, 0, 0, 0];
  for (let t = 0; t < length; t++) sums[t % 4] += rows[a + t] * rows[b + t];
  return sums[0] + sums[1] + sums[2] + sums[3];
}

describe('RowDistances (WebAssembly SIMD)', () => {
  it.each([1, 3, 5, 7, 13, 64, 66])(
    'gives the squared distances of the JS loop bit for bit, %i values per row',
    (d) => {
      const n = 40;
      const rows = randomRows(n, d, d);
      const { rows: layout, stride } = paddedRows(rows, n, d);
      const kernel = new RowDistances(layout, n, stride, n * n);
      let count = 0;
      for (let a = 0; a < n; a++)
        for (let b = 0; b < n; b++) {
          kernel.pairs[2 * count] = a;
          kernel.pairs[2 * count + 1] = b;
          count++;
        }
      kernel.squaredDistances(count);
      let nonzero = 0;
      for (let c = 0; c < count; c++) {
        const a = kernel.pairs[2 * c];
        const b = kernel.pairs[2 * c + 1];
        // The JS loop on the same padded rows, as NN-descent ran it before the kernel.
        expect(kernel.out[c]).toBe(squaredDistance(layout, a * stride, b * stride, stride));
        // The unpadded rows put values d − d % 4 .. d − 1 into one sum: rounding apart, the same.
        const unpadded = squaredDistance(rows, a * d, b * d, d);
        expect(Math.abs(kernel.out[c] - unpadded)).toBeLessThanOrEqual(1e-14 * unpadded);
        if (kernel.out[c] > 0) nonzero++;
      }
      expect(nonzero).toBe(n * (n - 1));
    },
  );

  it.each([2, 6, 64])(
    "passes brute force's pairs within a row's bound, distances bit for bit, %i values per row",
    (d) => {
      const n = 70;
      const rows = randomRows(n, d, 100 + d);
      const { rows: layout, stride } = paddedRows(rows, n, d);
      const norms = Float64Array.from({ length: n }, (_, i) =>
        dotInFourSums(rows, i * d, i * d, d),
      );
      const kernel = new RowDistances(layout, n, stride, n, norms);
      const distance = (a: number, j: number): number =>
        norms[a] + norms[j] - 2 * dotInFourSums(rows, a * d, j * d, d);
      // Every bound at Infinity first: every pair passes.
      expect(kernel.candidates(3, 0, n)).toBe(n);
      // Then each row's bound at its distance to another row, every fifth row's left at Infinity.
      for (let i = 0; i < n; i++)
        kernel.worst[i] = i % 5 === 4 ? Infinity : distance(i, (7 * i + 1) % n);
      for (const [a, from, to] of [
        [0, 0, n],
        [5, 6, 64],
        [69, 10, 11],
        [3, 20, 20],
      ]) {
        const expected: [number, number][] = [];
        for (let j = from; j < to; j++) {
          const dist = distance(a, j);
          if (dist <= kernel.worst[a] || dist <= kernel.worst[j]) expected.push([j, dist]);
        }
        const count = kernel.candidates(a, from, to);
        const kept = Array.from({ length: count }, (_, c) => [kernel.pairs[c], kernel.out[c]]);
        expect(kept).toEqual(expected);
        if (to - from > 20) expect(count).toBeLessThan(to - from);
      }
    },
  );

  it('refuses rows not padded to a multiple of 4 values', () => {
    expect(() => new RowDistances(new Float32Array(6), 2, 3, 1)).toThrow(/stride 3/);
  });

  it('refuses, in words, rows that would not fit in 4 GiB of WebAssembly memory', () => {
    // 2^24 rows of 64 values are 4 GiB: checked before a byte is copied.
    expect(() => new RowDistances(new Float32Array(64), 1 << 24, 64, 1)).toThrow(
      /16777216 rows of 64 values need 4\.0 GiB .* over its 4 GiB; reduce the vectors first/,
    );
  });
});
