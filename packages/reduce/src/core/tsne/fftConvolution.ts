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
 * its rows one after the other (`node` gives a grid value's place); a grid keeps only its m rows
 * (the padding rows are zero on the way in and not wanted on the way out), the spectrum all L.
 * Each thread's WasmFft works on its own module memory, so every call copies rows or a block of
 * columns into it and the results back, transposed so that the sequences of one call are
 * interleaved: in blocks, a block of columns is one contiguous copy instead of a value or two
 * per memory page. Measured in one thread (bench/repulsion.ts, 70,000 points, 1,024-point
 * transforms, load 6): the column pass took 103 ms with fft.js, 46–55 ms with WasmFft on
 * row-major grids (over half of it the copies) and TODO ms in blocks. WasmFft's 1,024-point
 * transforms of 8 or more interleaved sequences took 4.6–5.4 µs each (load 9), of 6 sequences
 * laid out as whole rows (16 KiB apart) 25 µs, and fft.js's 10.7 µs.
 *
 * The work is split into ranges of rows and columns for tasks (see ../tasks.ts): each range
 * writes only its own rows or columns, and every value is computed in one fixed order, so the
 * bytes never depend on which thread ran which range (they are not fft.js's bytes: the
 * transforms round differently). The shared arrays come from `memory`.
 */
export class GridConvolution {
  /** Packed complex charge grids, m × L interleaved (re, im), in blocks (see `node`). */
  readonly grids: Float64Array[];
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

  /** The index of grid node (row r, column c) among a grid's complex values (×2 for its re). */
  node(r: number, c: number): number {
    const W = this.width;
    return (Math.floor(c / W) * this.m + r) * W + (c % W);
  }

  /** Zeroes rows [from, to) of every grid in its first m columns. */
  clearRows(from: number, to: number): void {
    const { m, width: W } = this;
    for (const grid of this.grids)
      for (let first = 0; first < m; first += W) {
        const at = 2 * this.node(from, first);
        grid.fill(0, at, at + 2 * (to - from) * W);
      }
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
   * Row transforms of rows [from, to) (< m) of every grid: forward, where the first m nodes hold
   * charges (the rest count as zero), or inverse, where the first m nodes get the result.
   */
  rows(from: number, to: number, inverse: boolean): void {
    const { m, size: L, width: W, grids } = this;
    const { work } = this.fft;
    const G = grids.length;
    const rowsPerCall = Math.max(1, Math.floor(BLOCK / G));
    const read = inverse ? L : m;
    const write = inverse ? m : L;
    for (let first = from; first < to; first += rowsPerCall) {
      const last = Math.min(to, first + rowsPerCall);
      const count = (last - first) * G;
      if (!inverse) work.fill(0, 2 * m * count, 2 * L * count);
      // Sequence s = (row − first) · G + grid, value k at k · count + s.
      for (let g = 0; g < G; g++) {
        const grid = grids[g];
        for (let c0 = 0; c0 < read; c0 += W) {
          const end = Math.min(W, read - c0);
          for (let r = first; r < last; r++) {
            const at = 2 * (c0 * m + r * W);
            const s = (r - first) * G + g;
            for (let t = 0; t < end; t++) {
              const to2 = 2 * ((c0 + t) * count + s);
              work[to2] = grid[at + 2 * t];
              work[to2 + 1] = grid[at + 2 * t + 1];
            }
          }
        }
      }
      if (inverse) this.fft.inverse(L, count, count, 1);
      else this.fft.forward(L, count, count, 1);
      for (let g = 0; g < G; g++) {
        const grid = grids[g];
        for (let c0 = 0; c0 < write; c0 += W) {
          const end = Math.min(W, write - c0);
          for (let r = first; r < last; r++) {
            const at = 2 * (c0 * m + r * W);
            const s = (r - first) * G + g;
            for (let t = 0; t < end; t++) {
              const from2 = 2 * ((c0 + t) * count + s);
              grid[at + 2 * t] = work[from2];
              grid[at + 2 * t + 1] = work[from2 + 1];
            }
          }
        }
      }
    }
  }

  /**
   * Columns [from, to) of every grid (`from` a multiple of the block width): forward transform
   * (rows m..L−1 count as zero), product with the kernel's spectrum, inverse transform; only rows
   * 0..m−1 are kept.
   */
  columns(from: number, to: number): void {
    const { m, size: L, width: W, grids, spectrum } = this;
    const { work, spectrum: factors } = this.fft;
    const G = grids.length;
    const count = G * W;
    for (let c0 = from; c0 < to; c0 += W) {
      // Row r of the block holds each grid's W columns in turn, at r · count + g · W.
      for (let g = 0; g < G; g++) {
        const grid = grids[g];
        for (let r = 0, at = 2 * c0 * m; r < m; r++, at += 2 * W) {
          const to2 = 2 * (r * count + g * W);
          for (let v = 0; v < 2 * W; v++) work[to2 + v] = grid[at + v];
        }
      }
      work.fill(0, 2 * m * count, 2 * L * count);
      factors.set(spectrum.subarray(c0 * L, (c0 + W) * L));
      this.fft.forward(L, count, count, 1);
      this.fft.multiply(L, count, W);
      this.fft.inverse(L, count, count, 1);
      for (let g = 0; g < G; g++) {
        const grid = grids[g];
        for (let r = 0, at = 2 * c0 * m; r < m; r++, at += 2 * W) {
          const from2 = 2 * (r * count + g * W);
          for (let v = 0; v < 2 * W; v++) grid[at + v] = work[from2 + v];
        }
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
