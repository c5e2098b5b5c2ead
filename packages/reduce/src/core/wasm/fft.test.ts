import FFT from 'fft.js';
import { seededRandom } from '../random';
import { WasmFft } from './fft';

/** The bit-reversed index of k among n (a power of two) values: where `forward` puts value k. */
function bitReversed(k: number, n: number): number {
  let r = 0;
  for (let bit = 1; bit < n; bit <<= 1) {
    r = (r << 1) | (k & 1);
    k >>= 1;
  }
  return r;
}

/** Largest difference over largest magnitude. */
function relativeError(got: ArrayLike<number>, want: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < want.length; i++) {
    diff = Math.max(diff, Math.abs(got[i] - want[i]));
    scale = Math.max(scale, Math.abs(want[i]));
  }
  return diff / scale;
}

describe('WasmFft (WebAssembly SIMD) against fft.js', () => {
  // Sequences laid out as rows (sk = 1, sb = n) and as columns of a block (sk = count, sb = 1).
  test.each([
    [2, 'rows'],
    [8, 'columns'],
    [64, 'rows'],
    [256, 'columns'],
    [512, 'rows'],
    [1024, 'rows'],
    [1024, 'columns'],
  ])('forward and inverse transforms of %i points laid out as %s', (n, layout) => {
    const count = 3;
    const [sk, sb] = layout === 'rows' ? [1, n] : [count, 1];
    const fft = new WasmFft(1024, count * n, 0);
    const random = seededRandom(n);
    const reference = new FFT(n);
    const inputs = Array.from({ length: count }, () =>
      Float64Array.from({ length: 2 * n }, () => (random() - 0.5) * 10 ** (3 * random())),
    );
    const at = (k: number, s: number) => 2 * (k * sk + s * sb);
    inputs.forEach((input, s) => {
      for (let k = 0; k < n; k++) fft.work.set(input.subarray(2 * k, 2 * k + 2), at(k, s));
    });
    fft.forward(n, sk, count, sb);
    inputs.forEach((input, s) => {
      const want = new Float64Array(2 * n);
      reference.transform(want, input);
      const got = new Float64Array(2 * n);
      for (let k = 0; k < n; k++) {
        const from = at(bitReversed(k, n), s);
        got.set(fft.work.subarray(from, from + 2), 2 * k);
      }
      expect(relativeError(got, want)).toBeLessThan(1e-14);
    });
    // The inverse of the bit-reversed spectrum gives the input back, times n.
    fft.inverse(n, sk, count, sb);
    inputs.forEach((input, s) => {
      const got = new Float64Array(2 * n);
      for (let k = 0; k < n; k++) got.set(fft.work.subarray(at(k, s), at(k, s) + 2), 2 * k);
      expect(
        relativeError(
          got,
          input.map((v) => v * n),
        ),
      ).toBeLessThan(1e-14);
    });
    // And it is fft.js's inverse, times n, of any spectrum given in bit-reversed order.
    const spectrum = Float64Array.from({ length: 2 * n }, () => random() - 0.5);
    for (let k = 0; k < n; k++)
      fft.work.set(spectrum.subarray(2 * k, 2 * k + 2), at(bitReversed(k, n), 0));
    fft.inverse(n, sk, 1, sb);
    const want = new Float64Array(2 * n);
    reference.inverseTransform(want, spectrum);
    const got = new Float64Array(2 * n);
    for (let k = 0; k < n; k++) got.set(fft.work.subarray(at(k, 0), at(k, 0) + 2), 2 * k);
    expect(
      relativeError(
        got,
        want.map((v) => v * n),
      ),
    ).toBeLessThan(1e-14);
  });

  test('multiplies blocks of columns by one block of real factors', () => {
    const fft = new WasmFft(4, 2 * 6, 2 * 3);
    fft.work.set(Array.from({ length: 24 }, (_, i) => i + 1));
    fft.spectrum.set([1, 2, 3, 4, 5, 6]);
    // 2 rows of 6 values: two blocks of 3 columns, row r scaled by factors 3r + 1 .. 3r + 3.
    fft.multiply(2, 6, 3);
    const factors = [1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6];
    expect(Array.from(fft.work)).toEqual(
      Array.from({ length: 24 }, (_, i) => (i + 1) * factors[i >> 1]),
    );
  });

  test('refuses sizes and batches it cannot hold', () => {
    expect(() => new WasmFft(48, 10, 0)).toThrow('not a power of two');
    const fft = new WasmFft(16, 32, 0);
    expect(() => fft.forward(32, 1, 1, 32)).toThrow('not possible');
    expect(() => fft.forward(16, 1, 3, 16)).toThrow('exceed');
  });
});
