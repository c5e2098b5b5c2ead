import FFT from 'fft.js';
import type { Allocator } from '../memory';

/**
 * Discrete convolution of values on an m × m grid of equispaced nodes with an even kernel,
 * through fft.js: out[g] = Σ_h K(g − h) q[h]. The grid is embedded in an L × L circulant
 * (L ≥ 2m − 1, a power of two as fft.js requires), so the circular convolution that the FFT
 * computes equals the linear one on the m × m corner. A 2-D transform is 1-D transforms of the
 * rows, then of the columns.
 *
 * The charges are real; two charge grids are packed into one complex grid (real and imaginary
 * parts), which a real kernel keeps apart. The kernel is even in both axes, so its spectrum is
 * real, and so is every intermediate 1-D transform of it: two kernel rows (or columns) also share
 * one complex transform.
 *
 * The work is split into ranges of rows and columns for tasks (see ../tasks.ts): each range
 * writes only its own rows or columns, and every value is computed in one fixed order, so the
 * bytes never depend on which thread ran which range. The shared arrays come from `memory`; the
 * transforms' tables and scratch buffers belong to each thread.
 */
export class GridConvolution {
  /** Packed complex charge grids, L × L interleaved (re, im), row-major. */
  readonly grids: Float64Array[];
  /** The kernel's real spectrum, L × L, row-major (rows 0..m−1 hold row spectra in between). */
  private readonly spectrum: Float64Array;
  /** Nodes per side m and transform size L, set by the leader before each convolution. */
  private readonly shape: Int32Array;
  private readonly transforms = new Map<number, FFT>();
  private readonly input: Float64Array;
  private readonly output: Float64Array;

  constructor(
    readonly maxSize: number,
    gridCount: number,
    memory: Allocator,
  ) {
    this.grids = Array.from({ length: gridCount }, () => memory.float64(2 * maxSize * maxSize));
    this.spectrum = memory.float64(maxSize * maxSize);
    this.shape = memory.int32(2);
    this.input = new Float64Array(2 * maxSize);
    this.output = new Float64Array(2 * maxSize);
  }

  /** Leader: the node count per side and transform size of the next convolution. */
  setShape(m: number, size: number): void {
    if (size > this.maxSize || 2 * m - 1 > size || (size & (size - 1)) !== 0)
      throw new Error(`GridConvolution: ${m} nodes do not fit a transform of ${size}`);
    this.shape[0] = m;
    this.shape[1] = size;
  }

  get m(): number {
    return this.shape[0];
  }

  get size(): number {
    return this.shape[1];
  }

  /** Pairs of kernel rows (|dy| = 2r, 2r + 1) the kernel's row pass has. */
  kernelRowPairs(): number {
    return Math.ceil(this.m / 2);
  }

  /**
   * Kernel row pass for pairs [from, to): row |dy| of the circulant, K(dx, dy) at dx = 0..m−1
   * and its mirror, transformed along x. `kernel(dx, dy)` takes offsets in nodes.
   */
  kernelRows(kernel: (dx: number, dy: number) => number, from: number, to: number): void {
    const { m, size: L } = this;
    const fft = this.transform(L);
    const { input, output, spectrum } = this;
    for (let pair = from; pair < to; pair++) {
      const r0 = 2 * pair;
      const r1 = r0 + 1 < m ? r0 + 1 : -1;
      input.fill(0, 0, 2 * L);
      for (let dx = 0; dx < m; dx++)
        setMirrored(input, L, dx, kernel(dx, r0), r1 >= 0 ? kernel(dx, r1) : 0);
      fft.transform(output, input);
      for (let c = 0; c < L; c++) {
        spectrum[r0 * L + c] = output[2 * c];
        if (r1 >= 0) spectrum[r1 * L + c] = output[2 * c + 1];
      }
    }
  }

  /** Kernel column pass for the column pairs [from, to) of L / 2, in place. */
  kernelColumns(from: number, to: number): void {
    const { m, size: L } = this;
    const fft = this.transform(L);
    const { input, output, spectrum } = this;
    for (let pair = from; pair < to; pair++) {
      const c0 = 2 * pair;
      const c1 = c0 + 1;
      input.fill(0, 0, 2 * L);
      for (let dy = 0; dy < m; dy++)
        setMirrored(input, L, dy, spectrum[dy * L + c0], spectrum[dy * L + c1]);
      fft.transform(output, input);
      for (let r = 0; r < L; r++) {
        spectrum[r * L + c0] = output[2 * r];
        spectrum[r * L + c1] = output[2 * r + 1];
      }
    }
  }

  /**
   * Row transforms of rows [from, to) (< m) of every grid: forward, where the first m nodes hold
   * charges (the rest count as zero), or inverse, where the first m nodes get the result.
   */
  rows(from: number, to: number, inverse: boolean): void {
    const { m, size: L } = this;
    const fft = this.transform(L);
    const { input, output } = this;
    for (const grid of this.grids) {
      for (let r = from; r < to; r++) {
        const row = 2 * r * L;
        input.set(grid.subarray(row, row + 2 * (inverse ? L : m)));
        if (inverse) {
          fft.inverseTransform(output, input);
        } else {
          input.fill(0, 2 * m, 2 * L);
          fft.transform(output, input);
        }
        grid.set(output.subarray(0, 2 * (inverse ? m : L)), row);
      }
    }
  }

  /**
   * Columns [from, to) of every grid: forward transform (rows m..L−1 count as zero), product with
   * the kernel's spectrum, inverse transform; only rows 0..m−1 are kept.
   */
  columns(from: number, to: number): void {
    const { m, size: L } = this;
    const fft = this.transform(L);
    const { input, output, spectrum } = this;
    for (const grid of this.grids) {
      for (let c = from; c < to; c++) {
        for (let r = 0; r < m; r++) {
          input[2 * r] = grid[2 * (r * L + c)];
          input[2 * r + 1] = grid[2 * (r * L + c) + 1];
        }
        input.fill(0, 2 * m, 2 * L);
        fft.transform(output, input);
        for (let r = 0; r < L; r++) {
          const k = spectrum[r * L + c];
          output[2 * r] *= k;
          output[2 * r + 1] *= k;
        }
        fft.inverseTransform(input, output);
        for (let r = 0; r < m; r++) {
          grid[2 * (r * L + c)] = input[2 * r];
          grid[2 * (r * L + c) + 1] = input[2 * r + 1];
        }
      }
    }
  }

  /** This thread's fft.js transform of `size` points (its tables are built once per size). */
  private transform(size: number): FFT {
    let fft = this.transforms.get(size);
    if (fft === undefined) {
      fft = new FFT(size);
      this.transforms.set(size, fft);
    }
    return fft;
  }
}

/**
 * Puts the complex value (re, im) at offset `at` of an L-point circulant input and at its mirror
 * L − at, as an even kernel has it (offset 0 is its own mirror).
 */
function setMirrored(input: Float64Array, L: number, at: number, re: number, im: number): void {
  input[2 * at] = re;
  input[2 * at + 1] = im;
  if (at > 0) {
    input[2 * (L - at)] = re;
    input[2 * (L - at) + 1] = im;
  }
}

/** The smallest power of two that holds the linear convolution of m nodes per side. */
export function transformSize(m: number): number {
  let size = 2;
  while (size < 2 * m - 1) size *= 2;
  return size;
}
