import type { Allocator } from '../memory';
import { WasmFft } from '../wasm/fft';

/** Grid columns per block of the shared layouts, and sequences per call of the kernel. */
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
 * Layout: the grids and the spectrum are stored in blocks of W = min(8, L) columns, each block
 * its rows one after the other; a grid keeps only its m rows (the padding rows are zero on the
 * way in and not wanted on the way out), the spectrum all L. Each thread's WasmFft works on its
 * own module memory: the caller puts the charges straight into it (`rowsToFill`) and reads the
 * potentials straight from it (`inverseRows`); the row pass copies the transformed rows to the
 * grids and back, interleaved so that the sequences of one call lie side by side, and the
 * column pass copies whole blocks (one contiguous copy instead of a value or two per page).
 * Measured in one thread (bench/repulsion.ts, 70,000 points, 1,024-point transforms, load 4–8,
 * each step against the previous build in the same minute): the column pass took 99–108 ms with
 * fft.js; 44–55 ms with WasmFft on row-major grids (over half of it the strided copies, by a
 * profile); 35–45 ms with the grids in blocks; 35 ms with whole-block copies; 22–26 ms once
 * WasmFft did two radix-2 stages per pass over the values. WasmFft's first, radix-2 1,024-point
 * transforms of 8 or more interleaved sequences took 4.6–5.4 µs each (load 9), of 6 sequences
 * laid out as whole rows (16 KiB apart) 25 µs, and fft.js's 10.7 µs.
 *
 * The work is split into ranges of rows and columns for tasks (see ../tasks.ts): each range
 * writes only its own rows or columns, and every value is computed in one fixed order, so the
 * bytes never depend on which thread ran which range (they are not fft.js's bytes: the
 * transforms round differently). The shared arrays come from `memory`.
 */
export class GridConvolution {
  /** Packed complex grids between the row and column passes, m × L (re, im), in blocks. */
  private readonly grids: Float64Array[];
  /** The kernel's real spectrum, L × L in blocks (rows 0..m−1 hold row spectra in between). */
  private readonly spectrum: Float64Array;
  /** Nodes per side m and transform size L, set by the leader before each convolution. */
  private readonly shape: Int32Array;
  private readonly fft: WasmFft;

  constructor(
    readonly maxSize: number,
    gridCount: number,
    memory: Allocator,
  ) {
    // m ≤ L / 2 rows of L complex values.
    this.grids = Array.from({ length: gridCount }, () => memory.float64(maxSize * maxSize));
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

  /** Columns per block, W. */
  get width(): number {
    return Math.min(BLOCK, this.size);
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
    const { m, size: L, width: W, spectrum } = this;
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
      // Block by block, so that the rows of one block are written one after the other.
      for (let c0 = 0; c0 < L; c0 += W)
        for (let s = 0; s < count; s++) {
          const r0 = 2 * (first + s);
          const at = (c0 * L + r0 * W) | 0;
          for (let t = 0; t < W; t++) {
            const from2 = 2 * ((c0 + t) * count + s);
            spectrum[at + t] = work[from2];
            if (r0 + 1 < m) spectrum[at + W + t] = work[from2 + 1];
          }
        }
    }
  }

  /**
   * Kernel column pass for the column pairs [from, to) of L / 2, in place, with the inverse
   * transforms' 1 / L² folded in.
   */
  kernelColumns(from: number, to: number): void {
    const { m, size: L, width: W, spectrum } = this;
    const { work } = this.fft;
    const scale = 1 / (L * L);
    for (let first = from; first < to; first += BLOCK) {
      const count = Math.min(BLOCK, to - first);
      work.fill(0, 0, 2 * count * L);
      for (let s = 0; s < count; s++) {
        const c0 = 2 * (first + s);
        const at = (c0 - (c0 % W)) * L + (c0 % W);
        for (let dy = 0; dy < m; dy++)
          setMirrored(work, L, count, s, dy, spectrum[at + dy * W], spectrum[at + dy * W + 1]);
      }
      this.fft.forward(L, count, count, 1);
      for (let s = 0; s < count; s++) {
        const c0 = 2 * (first + s);
        const at = (c0 - (c0 % W)) * L + (c0 % W);
        for (let r = 0; r < L; r++) {
          spectrum[at + r * W] = work[2 * (r * count + s)] * scale;
          spectrum[at + r * W + 1] = work[2 * (r * count + s) + 1] * scale;
        }
      }
    }
  }

  /**
   * Row pass, forward, for grid rows [from, to) (at most 8 / the grid count of them): this
   * thread's work area, zeroed, for the caller to put the charges of node (row r, column k) of
   * grid g, k < m, at the complex index k · count + (r − from) · G + g, count = (to − from) · G,
   * G the number of grids (so a node's values in all grids are side by side);
   * `forwardRows(from, to)` then transforms them into the grids.
   */
  rowsToFill(from: number, to: number): Float64Array {
    const count = this.rowCount(from, to);
    this.fft.work.fill(0, 0, 2 * this.size * count);
    return this.fft.work;
  }

  /** Row pass, forward: the rows `rowsToFill(from, to)` handed out, transformed into the grids. */
  forwardRows(from: number, to: number): void {
    const count = this.rowCount(from, to);
    this.fft.forward(this.size, count, count, 1);
    this.copyRows(from, to, count, true);
  }

  /**
   * Row pass, inverse, for grid rows [from, to): returns this thread's work area with the result
   * at node (row r, column k), k < m, of grid g at the complex index of `rowsToFill`.
   */
  inverseRows(from: number, to: number): Float64Array {
    const count = this.rowCount(from, to);
    this.copyRows(from, to, count, false);
    this.fft.inverse(this.size, count, count, 1);
    return this.fft.work;
  }

  /** Rows [from, to) of every grid from the work area into the grids, or back. */
  private copyRows(from: number, to: number, count: number, intoGrids: boolean): void {
    const { size: L, width: W, m, grids } = this;
    const { work } = this.fft;
    for (let g = 0; g < grids.length; g++) {
      const grid = grids[g];
      // Block by block: the rows of one block are stored one after the other.
      for (let c0 = 0; c0 < L; c0 += W)
        for (let r = from; r < to; r++) {
          const at = 2 * (c0 * m + r * W);
          const s = (r - from) * grids.length + g;
          for (let t = 0; t < W; t++) {
            const w = 2 * ((c0 + t) * count + s);
            if (intoGrids) {
              grid[at + 2 * t] = work[w];
              grid[at + 2 * t + 1] = work[w + 1];
            } else {
              work[w] = grid[at + 2 * t];
              work[w + 1] = grid[at + 2 * t + 1];
            }
          }
        }
    }
  }

  /** Sequences of a row pass over rows [from, to). */
  private rowCount(from: number, to: number): number {
    const count = (to - from) * this.grids.length;
    if (to <= from || count > BLOCK * this.grids.length)
      throw new Error(`GridConvolution: a row pass takes 1 to ${BLOCK} rows, not ${to - from}`);
    return count;
  }

  /**
   * Columns [from, to) of every grid (`from` a multiple of the block width): forward transform
   * (rows m..L−1 count as zero), product with the kernel's spectrum, inverse transform; only rows
   * 0..m−1 are kept.
   */
  columns(from: number, to: number): void {
    const { m, size: L, width: W, grids, spectrum } = this;
    const { work, spectrum: factors } = this.fft;
    for (let c0 = from; c0 < to; c0 += W) {
      // Grid g's block at g · L · W of `work`: its m rows as stored, then the zero padding.
      const block = 2 * c0 * m;
      for (let g = 0; g < grids.length; g++) {
        work.set(grids[g].subarray(block, block + 2 * m * W), 2 * g * L * W);
        work.fill(0, 2 * (g * L + m) * W, 2 * (g + 1) * L * W);
      }
      factors.set(spectrum.subarray(c0 * L, (c0 + W) * L));
      for (let g = 0; g < grids.length; g++) {
        this.fft.forward(L, W, W, 1, g * L * W);
        this.fft.multiply(L, W, W, g * L * W);
        this.fft.inverse(L, W, W, 1, g * L * W);
      }
      for (let g = 0; g < grids.length; g++)
        grids[g].set(work.subarray(2 * g * L * W, 2 * (g * L + m) * W), block);
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
