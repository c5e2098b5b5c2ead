import type { Allocator } from '../memory';
import { WasmFft } from '../wasm/fft';

/** Grid columns (or kernel column pairs, or sequences of a row pass) per call of the kernel. */
const BLOCK = 8;

/**
 * Discrete convolution of values on an m × m grid of equispaced nodes with an even kernel:
 * out[g] = Σ_h K(g − h) q[h]. The grid is embedded in an L × L circulant (L ≥ 2m − 1, a power
 * of two), so the circular convolution that the FFT computes equals the linear one on the m × m
 * corner. A 2-D transform is 1-D transforms of the rows, then of the columns, here by WasmFft
 * (../wasm/fft.ts): its forward transform leaves the frequencies in bit-reversed order and its
 * inverse takes them so, and the kernel's spectrum is computed by the same transforms, so the
 * spectra are in that order along both axes and nothing is ever permuted.
 *
 * The charges are real; two charge grids are packed into one complex grid (real and imaginary
 * parts), which a real kernel keeps apart. The kernel is even in both axes, so its spectrum is
 * real, and so is every intermediate 1-D transform of it: two kernel rows (or columns) also share
 * one complex transform. The inverse transforms' 1 / L² is folded into the kernel's spectrum.
 *
 * The work is split into ranges of rows and columns for tasks (see ../tasks.ts): each range
 * writes only its own rows or columns, and every value is computed in one fixed order, so the
 * bytes never depend on which thread ran which range (they are not fft.js's bytes: the
 * transforms round differently). The shared arrays come from `memory`; each thread's WasmFft
 * works on its own module memory, so every call copies a block of rows or columns into it and
 * the results back, transposed so that each sequence's values are BLOCK · 16 bytes apart:
 * measured in one thread (load 9), 1,024-point transforms of 8 or more interleaved sequences
 * took 4.6–5.4 µs each, of 6 sequences laid out as whole rows (16 KiB apart) 25 µs, and
 * fft.js's 10.7 µs.
 */
export class GridConvolution {
  /** Packed complex charge grids, L × L interleaved (re, im), row-major. */
  readonly grids: Float64Array[];
  /** The kernel's real spectrum, L × L, row-major (rows 0..m−1 hold row spectra in between). */
  private readonly spectrum: Float64Array;
  /** Nodes per side m and transform size L, set by the leader before each convolution. */
  private readonly shape: Int32Array;
  private readonly fft: WasmFft;

  constructor(
    readonly maxSize: number,
    gridCount: number,
    memory: Allocator,
  ) {
    this.grids = Array.from({ length: gridCount }, () => memory.float64(2 * maxSize * maxSize));
    this.spectrum = memory.float64(maxSize * maxSize);
    this.shape = memory.int32(2);
    this.fft = new WasmFft(maxSize, gridCount * BLOCK * maxSize, BLOCK * maxSize);
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
    const { m, size: L, spectrum } = this;
    const { work } = this.fft;
    for (let first = from; first < to; first += BLOCK) {
      const count = Math.min(BLOCK, to - first);
      work.fill(0, 0, 2 * count * L);
      for (let s = 0; s < count; s++) {
        const r0 = 2 * (first + s);
        const r1 = r0 + 1 < m ? r0 + 1 : -1;
        for (let dx = 0; dx < m; dx++)
          setMirrored(work, L, count, s, dx, kernel(dx, r0), r1 >= 0 ? kernel(dx, r1) : 0);
      }
      this.fft.forward(L, count, count, 1);
      for (let s = 0; s < count; s++) {
        const r0 = 2 * (first + s);
        const r1 = r0 + 1 < m ? r0 + 1 : -1;
        for (let c = 0; c < L; c++) {
          spectrum[r0 * L + c] = work[2 * (c * count + s)];
          if (r1 >= 0) spectrum[r1 * L + c] = work[2 * (c * count + s) + 1];
        }
      }
    }
  }

  /**
   * Kernel column pass for the column pairs [from, to) of L / 2, in place, with the inverse
   * transforms' 1 / L² folded in.
   */
  kernelColumns(from: number, to: number): void {
    const { m, size: L, spectrum } = this;
    const { work } = this.fft;
    const scale = 1 / (L * L);
    for (let first = from; first < to; first += BLOCK) {
      const count = Math.min(BLOCK, to - first);
      work.fill(0, 0, 2 * count * L);
      for (let dy = 0; dy < m; dy++)
        for (let s = 0; s < count; s++) {
          const c0 = 2 * (first + s);
          setMirrored(work, L, count, s, dy, spectrum[dy * L + c0], spectrum[dy * L + c0 + 1]);
        }
      this.fft.forward(L, count, count, 1);
      for (let r = 0; r < L; r++)
        for (let s = 0; s < count; s++) {
          const c0 = 2 * (first + s);
          spectrum[r * L + c0] = work[2 * (r * count + s)] * scale;
          spectrum[r * L + c0 + 1] = work[2 * (r * count + s) + 1] * scale;
        }
    }
  }

  /**
   * Row transforms of rows [from, to) (< m) of every grid: forward, where the first m nodes hold
   * charges (the rest count as zero), or inverse, where the first m nodes get the result.
   */
  rows(from: number, to: number, inverse: boolean): void {
    const { m, size: L, grids } = this;
    const { work } = this.fft;
    const G = grids.length;
    const rowsPerCall = Math.max(1, Math.floor(BLOCK / G));
    for (let first = from; first < to; first += rowsPerCall) {
      const last = Math.min(to, first + rowsPerCall);
      const count = (last - first) * G;
      const read = inverse ? L : m;
      const write = inverse ? m : L;
      if (!inverse) work.fill(0, 2 * m * count, 2 * L * count);
      // Sequence s = (row − first) · G + grid, value k at k · count + s.
      for (let r = first; r < last; r++)
        for (let g = 0; g < G; g++) {
          const grid = grids[g];
          const s = (r - first) * G + g;
          for (let k = 0, from2 = 2 * r * L; k < read; k++, from2 += 2) {
            work[2 * (k * count + s)] = grid[from2];
            work[2 * (k * count + s) + 1] = grid[from2 + 1];
          }
        }
      if (inverse) this.fft.inverse(L, count, count, 1);
      else this.fft.forward(L, count, count, 1);
      for (let r = first; r < last; r++)
        for (let g = 0; g < G; g++) {
          const grid = grids[g];
          const s = (r - first) * G + g;
          for (let k = 0, to2 = 2 * r * L; k < write; k++, to2 += 2) {
            grid[to2] = work[2 * (k * count + s)];
            grid[to2 + 1] = work[2 * (k * count + s) + 1];
          }
        }
    }
  }

  /**
   * Columns [from, to) of every grid: forward transform (rows m..L−1 count as zero), product with
   * the kernel's spectrum, inverse transform; only rows 0..m−1 are kept.
   */
  columns(from: number, to: number): void {
    const { m, size: L, grids, spectrum } = this;
    const { work, spectrum: factors } = this.fft;
    const G = grids.length;
    for (let first = from; first < to; first += BLOCK) {
      const width = Math.min(BLOCK, to - first);
      const count = G * width;
      // Row r of the block holds grid g's columns first.. at r · count + g · width.
      for (let r = 0; r < m; r++)
        for (let g = 0; g < G; g++) {
          const grid = grids[g];
          const at = 2 * (r * count + g * width);
          const src = 2 * (r * L + first);
          for (let v = 0; v < 2 * width; v++) work[at + v] = grid[src + v];
        }
      work.fill(0, 2 * m * count, 2 * L * count);
      for (let r = 0; r < L; r++)
        for (let c = 0; c < width; c++) factors[r * width + c] = spectrum[r * L + first + c];
      this.fft.forward(L, count, count, 1);
      this.fft.multiply(L, count, width);
      this.fft.inverse(L, count, count, 1);
      for (let r = 0; r < m; r++)
        for (let g = 0; g < G; g++) {
          const grid = grids[g];
          const at = 2 * (r * count + g * width);
          const dst = 2 * (r * L + first);
          for (let v = 0; v < 2 * width; v++) grid[dst + v] = work[at + v];
        }
    }
  }
}

/**
 * Puts the complex value (re, im) at offset `at` of sequence s of an L-point circulant input
 * (value k at k · count + s) and at its mirror L − at, as an even kernel has it (offset 0 is its
 * own mirror).
 */
function setMirrored(
  work: Float64Array,
  L: number,
  count: number,
  s: number,
  at: number,
  re: number,
  im: number,
): void {
  work[2 * (at * count + s)] = re;
  work[2 * (at * count + s) + 1] = im;
  if (at > 0) {
    work[2 * ((L - at) * count + s)] = re;
    work[2 * ((L - at) * count + s) + 1] = im;
  }
}

/** The smallest power of two that holds the linear convolution of m nodes per side. */
export function transformSize(m: number): number {
  let size = 2;
  while (size < 2 * m - 1) size *= 2;
  return size;
}
