import { FFT_WASM } from './fft.generated';
import { growTo, instantiator, type WasmMemory } from './module';

/** fft.wat (about 700 bytes), compiled once per thread. */
const newKernel = instantiator<FftExports>(FFT_WASM);

interface FftExports {
  memory: WasmMemory;
  forward(base: number, n: number, sk: number, count: number, sb: number, N: number): void;
  inverse(base: number, n: number, sk: number, count: number, sb: number, N: number): void;
  multiply(base: number, rows: number, count: number, spectrum: number, width: number): void;
}

/** Bytes per complex value. */
const COMPLEX = 16;

/**
 * Batches of float64 complex FFTs of power-of-two sizes up to `maxSize` in WebAssembly SIMD
 * (fft.wat), on values the caller writes into `work` (interleaved re, im) in this thread's
 * module memory. A batch is `count` sequences of n values: value k of sequence s is the complex
 * number at index k·sk + s·sb of `work` (so rows, sk = 1, and columns of a row-major block,
 * sb = 1, are both transformed in place).
 *
 * `forward` leaves its output in bit-reversed order and `inverse` takes its input in that order
 * and leaves out the 1/n: a convolution (forward, `multiply` by a spectrum computed the same way,
 * inverse) needs no permutation. With that permutation and scale, both equal fft.js's
 * `transform` and `inverseTransform` to about 1e-14 of the largest value (fft.test.ts), though
 * not bit for bit (fft.js is radix-4 with other roundings).
 */
export class WasmFft {
  /** The values to transform, interleaved (re, im): room for `capacity` complex values. */
  readonly work: Float64Array;
  /** Real factors for `multiply`: room for `spectrumCapacity` values. */
  readonly spectrum: Float64Array;
  private readonly kernel: FftExports;
  private readonly workAt: number;
  private readonly spectrumAt: number;

  constructor(
    readonly maxSize: number,
    readonly capacity: number,
    spectrumCapacity: number,
  ) {
    if (maxSize < 2 || (maxSize & (maxSize - 1)) !== 0)
      throw new Error(`WasmFft: size ${maxSize} is not a power of two`);
    this.kernel = newKernel();
    this.workAt = maxSize * 2 * COMPLEX;
    this.spectrumAt = this.workAt + capacity * COMPLEX;
    const { memory } = this.kernel;
    growTo(memory, this.spectrumAt + spectrumCapacity * 8);
    const table = new Float64Array(memory.buffer, 0, 4 * maxSize);
    for (let k = 0; k < maxSize / 2; k++) {
      const angle = (2 * Math.PI * k) / maxSize;
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      // w^k = e^(−2πik/N) as (cos, cos), (sin, −sin), then its conjugate's.
      table.set([c, c, s, -s], 4 * k);
      table.set([c, c, -s, s], 2 * maxSize + 4 * k);
    }
    this.work = new Float64Array(memory.buffer, this.workAt, 2 * capacity);
    this.spectrum = new Float64Array(memory.buffer, this.spectrumAt, spectrumCapacity);
  }

  /**
   * Forward transforms, natural order in, bit-reversed order out; the sequences' indices count
   * from complex value `at` of `work`.
   */
  forward(n: number, sk: number, count: number, sb: number, at = 0): void {
    this.check(n, sk, count, sb, at);
    const base = this.workAt + at * COMPLEX;
    this.kernel.forward(base, n, sk * COMPLEX, count, sb * COMPLEX, this.maxSize);
  }

  /** Inverse transforms without the 1/n, bit-reversed order in, natural order out. */
  inverse(n: number, sk: number, count: number, sb: number, at = 0): void {
    this.check(n, sk, count, sb, at);
    const base = this.workAt + at * COMPLEX;
    this.kernel.inverse(base, n, sk * COMPLEX, count, sb * COMPLEX, this.maxSize);
  }

  /**
   * Multiplies value s of row r (index at + r·count + s of `work`, r < rows, s < count) by the real
   * `spectrum[r·width + s mod width]`: `count / width` blocks of `width` columns side by side,
   * all multiplied by the same block of factors.
   */
  multiply(rows: number, count: number, width: number, at = 0): void {
    if (
      count % width !== 0 ||
      at + rows * count > this.capacity ||
      rows * width > this.spectrum.length
    )
      throw new Error(`WasmFft: ${rows} × ${count} values do not fit`);
    this.kernel.multiply(this.workAt + at * COMPLEX, rows, count, this.spectrumAt, width);
  }

  private check(n: number, sk: number, count: number, sb: number, at: number): void {
    if (n < 2 || n > this.maxSize || (n & (n - 1)) !== 0 || count < 1)
      throw new Error(`WasmFft: ${count} transforms of ${n} points are not possible here`);
    if (at < 0 || at + (n - 1) * sk + (count - 1) * sb >= this.capacity)
      throw new Error(`WasmFft: ${count} transforms of ${n} points exceed the work area`);
  }
}
