import type { Allocator } from '../memory';
import type { SparseRows } from '../sparseRows';
import { serialRunner, type TaskHandler, type TaskRunner } from '../tasks';

/**
 * The row blocks UMAP's layout is split into. Fixed, not the thread count, so that the result is
 * the same on any number of threads; 8 keeps up to 8 threads busy (the blocks are claimed one at
 * a time, see tasks.ts).
 */
export const LAYOUT_BLOCKS = 8;

const CLIP = 4;
/** umap-learn's and umap-js's constant in the repulsion's denominator, and its weight (gamma). */
const REPULSION_EPSILON = 0.001;
const REPULSION_STRENGTH = 1;

export interface LayoutSettings {
  dims: 2 | 3;
  epochs: number;
  a: number;
  b: number;
  negativeSampleRate: number;
  learningRate: number;
  seed: number;
}

/**
 * The edges UMAP samples, as umap-js and umap-learn keep them: the fuzzy set's entries without
 * those below max / epochs (they would be sampled less than once), each sampled once every
 * max / weight epochs. Every entry (i, j) is an edge whose sample moves i towards j and j
 * towards i, and pushes i away from `negativeSampleRate` random points.
 */
export interface LayoutEdges {
  n: number;
  /** `n + 1` offsets into `other`: the edges of row i are those whose moved point is i. */
  rowPtr: Int32Array;
  other: Int32Array;
  epochsPerSample: Float64Array;
}

export function layoutEdges(fuzzy: SparseRows, epochs: number): LayoutEdges {
  const { n, rowPtr, cols, vals } = fuzzy;
  let max = 0;
  for (let e = 0; e < vals.length; e++) if (vals[e] > max) max = vals[e];
  const keep = (v: number) => !(v < max / epochs);
  let count = 0;
  for (let e = 0; e < vals.length; e++) if (keep(vals[e])) count++;
  const edges: LayoutEdges = {
    n,
    rowPtr: new Int32Array(n + 1),
    other: new Int32Array(count),
    epochsPerSample: new Float64Array(count),
  };
  let at = 0;
  for (let i = 0; i < n; i++) {
    for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) {
      if (!keep(vals[e])) continue;
      edges.other[at] = cols[e];
      // umap-js's arithmetic: samples = weight / max · epochs, then epochs / samples.
      edges.epochsPerSample[at++] = epochs / ((vals[e] / max) * epochs);
    }
    edges.rowPtr[i + 1] = at;
  }
  return edges;
}

/** Rows cut into `blocks` runs of consecutive rows with about as many edges each. */
export function rowBlocks(rowPtr: Int32Array, blocks: number): Int32Array {
  const n = rowPtr.length - 1;
  const bounds = new Int32Array(blocks + 1);
  const total = rowPtr[n];
  let row = 0;
  for (let k = 1; k < blocks; k++) {
    const target = (total * k) / blocks;
    while (row < n && rowPtr[row] < target) row++;
    bounds[k] = Math.max(row, bounds[k - 1]);
  }
  bounds[blocks] = n;
  return bounds;
}

/**
 * UMAP's stochastic gradient descent (McInnes et al. 2018; the algorithm of umap-learn and
 * umap-js): every epoch, each edge due for sampling pulls its two ends together with the
 * gradient of log(1 / (1 + a·d^2b)) and pushes its first end away from random points with that
 * of log(1 − 1 / (1 + a·d^2b)), every coordinate's step clipped to ±4 and scaled by
 * alpha = learningRate · (1 − epoch / epochs).
 *
 * Deterministic on any number of threads. The rows are cut into `LAYOUT_BLOCKS` blocks, and an
 * epoch is two rounds of block tasks (see tasks.ts):
 * 1. `move`: block k walks the edges of its rows, in order, as one sequential SGD would, with
 *    its own random stream for the negative samples. Its own rows it reads and moves live; any
 *    other row it reads as it was at the start of the epoch (`previous`), and the pull on the
 *    far end of an edge into another block is kept in that edge's slot of `pending`.
 * 2. `settle`: block k adds the pending pulls on its rows, in edge order, then copies its rows
 *    to `previous` for the next epoch.
 * No task reads what another task of its round writes, so the order in which threads run them
 * never changes a byte. With one block this is exactly umap-js's sequential descent; with
 * several, a row sees the others' moves of the current epoch only from the next one (uwot and
 * umap-learn's parallel modes let threads read each other's half-written rows instead).
 */
export class UmapLayout {
  readonly handlers: readonly TaskHandler[];
  readonly coords: Float32Array;
  private readonly previous: Float32Array;
  private readonly pending: Float32Array;
  private readonly nextSample: Float64Array;
  private readonly nextNegative: Float64Array;
  /** Per block: where its rows start and end. */
  private readonly bounds: Int32Array;
  /** Per block: its random stream's state (mulberry32), carried from epoch to epoch. */
  private readonly streams: Int32Array;
  /** Per block: the edges into its rows from other blocks, in edge order. */
  private readonly incomingPtr: Int32Array;
  private readonly incoming: Int32Array;
  /** The epoch being run (shared, so that every thread's tasks know it). */
  private readonly epochCell: Int32Array;

  constructor(
    private readonly edges: LayoutEdges,
    private readonly s: LayoutSettings,
    memory: Allocator,
    private readonly blocks = LAYOUT_BLOCKS,
  ) {
    const { n } = edges;
    const m = edges.other.length;
    this.coords = memory.float32(n * s.dims);
    this.previous = memory.float32(n * s.dims);
    this.pending = memory.float32(m * s.dims);
    this.nextSample = memory.float64(m);
    this.nextNegative = memory.float64(m);
    this.bounds = memory.int32(blocks + 1);
    this.streams = memory.int32(blocks);
    this.incomingPtr = memory.int32(blocks + 1);
    this.incoming = memory.int32(m);
    this.epochCell = memory.int32(1);
    this.handlers = [(k) => this.move(k), (k) => this.settle(k)];
  }

  /**
   * Sets the starting layout (`n * dims` values) and the schedule. In one thread only, before
   * `optimize`: the other threads' layouts are views on the same memory.
   */
  start(layout: Float32Array): void {
    const { n, rowPtr, other } = this.edges;
    const { blocks, s } = this;
    const m = other.length;
    this.coords.set(layout);
    this.previous.set(layout);
    this.bounds.set(rowBlocks(rowPtr, blocks));
    const blockOf = new Int32Array(n);
    for (let k = 0; k < blocks; k++) blockOf.fill(k, this.bounds[k], this.bounds[k + 1]);
    for (let i = 0; i < n; i++) {
      for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) {
        const target = blockOf[other[e]];
        if (target !== blockOf[i]) this.incomingPtr[target + 1]++;
      }
    }
    for (let k = 0; k < blocks; k++) this.incomingPtr[k + 1] += this.incomingPtr[k];
    const fill = this.incomingPtr.slice(0, blocks);
    for (let i = 0; i < n; i++) {
      for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) {
        const target = blockOf[other[e]];
        if (target !== blockOf[i]) this.incoming[fill[target]++] = e;
      }
    }
    for (let e = 0; e < m; e++) {
      this.nextSample[e] = this.edges.epochsPerSample[e];
      this.nextNegative[e] = this.edges.epochsPerSample[e] / s.negativeSampleRate;
    }
    for (let k = 0; k < blocks; k++) this.streams[k] = (s.seed + Math.imul(k + 1, 0x9e3779b9)) | 0;
  }

  /** Runs every epoch; `onEpoch` after each one. */
  optimize(
    runner: TaskRunner = serialRunner(this.handlers),
    onEpoch?: (epoch: number) => void,
  ): void {
    for (let epoch = 0; epoch < this.s.epochs; epoch++) {
      this.epochCell[0] = epoch;
      runner.run(0, this.blocks);
      runner.run(1, this.blocks);
      onEpoch?.(epoch + 1);
    }
  }

  /**
   * Block `block`'s edges, in order. Coordinates are read into locals per edge; d^b is computed
   * as exp(b·ln d), the same value as Math.pow to a few ulps and, measured in Node 20, 1.6 times
   * faster (the descent's time is mostly these powers, one per sample). 2-D has its own loop
   * with scalar coordinates, about twice as fast as the general one.
   */
  private move(block: number): void {
    if (this.s.dims === 2) this.move2(block);
    else this.moveAny(block);
  }

  private move2(block: number): void {
    const { rowPtr, other, epochsPerSample, n } = this.edges;
    const { a, b, negativeSampleRate, epochs } = this.s;
    const epoch = this.epochCell[0];
    const alpha = this.s.learningRate * (1 - epoch / epochs);
    const { coords, previous, pending, nextSample, nextNegative } = this;
    const first = this.bounds[block];
    const end = this.bounds[block + 1];
    let state = this.streams[block] >>> 0;
    const attractScale = -2 * a * b;
    const repelScale = 2 * REPULSION_STRENGTH * b;
    for (let i = first; i < end; i++) {
      for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) {
        if (nextSample[e] > epoch) continue;
        let x = coords[2 * i];
        let y = coords[2 * i + 1];
        const j = other[e];
        const live = j >= first && j < end;
        const there = live ? coords : previous;
        const dx = x - there[2 * j];
        const dy = y - there[2 * j + 1];
        const d2 = dx * dx + dy * dy;
        let coefficient = 0;
        if (d2 > 0) {
          const power = Math.exp(b * Math.log(d2));
          coefficient = (attractScale * power) / d2 / (a * power + 1);
        }
        const sx = clip(coefficient * dx) * alpha;
        const sy = clip(coefficient * dy) * alpha;
        x += sx;
        y += sy;
        if (live) {
          coords[2 * j] -= sx;
          coords[2 * j + 1] -= sy;
        } else {
          pending[2 * e] = -sx;
          pending[2 * e + 1] = -sy;
        }
        nextSample[e] += epochsPerSample[e];
        const perNegative = epochsPerSample[e] / negativeSampleRate;
        const negatives = Math.floor((epoch - nextNegative[e]) / perNegative);
        for (let p = 0; p < negatives; p++) {
          // mulberry32, inline: the block's own stream.
          state = (state + 0x6d2b79f5) >>> 0;
          let t = state;
          t = Math.imul(t ^ (t >>> 15), t | 1);
          t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
          const k = Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
          if (k === i) continue;
          const away = k >= first && k < end ? coords : previous;
          const rx = x - away[2 * k];
          const ry = y - away[2 * k + 1];
          const r2 = rx * rx + ry * ry;
          if (r2 > 0) {
            const push =
              repelScale / ((REPULSION_EPSILON + r2) * (a * Math.exp(b * Math.log(r2)) + 1));
            x += clip(push * rx) * alpha;
            y += clip(push * ry) * alpha;
          } else {
            x += CLIP * alpha;
            y += CLIP * alpha;
          }
        }
        nextNegative[e] += negatives * perNegative;
        coords[2 * i] = x;
        coords[2 * i + 1] = y;
      }
    }
    this.streams[block] = state | 0;
  }

  private moveAny(block: number): void {
    const { rowPtr, other, epochsPerSample, n } = this.edges;
    const { dims, a, b, negativeSampleRate, epochs } = this.s;
    const epoch = this.epochCell[0];
    const alpha = this.s.learningRate * (1 - epoch / epochs);
    const { coords, previous, pending, nextSample, nextNegative } = this;
    const first = this.bounds[block];
    const end = this.bounds[block + 1];
    let state = this.streams[block] >>> 0;
    const attractScale = -2 * a * b;
    const repelScale = 2 * REPULSION_STRENGTH * b;
    const here = new Float64Array(dims);
    for (let i = first; i < end; i++) {
      const at = i * dims;
      for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) {
        if (nextSample[e] > epoch) continue;
        for (let c = 0; c < dims; c++) here[c] = coords[at + c];
        const j = other[e];
        const live = j >= first && j < end;
        const there = live ? coords : previous;
        const jt = j * dims;
        let d2 = 0;
        for (let c = 0; c < dims; c++) d2 += (here[c] - there[jt + c]) ** 2;
        let coefficient = 0;
        if (d2 > 0) {
          const power = Math.exp(b * Math.log(d2));
          coefficient = (attractScale * power) / d2 / (a * power + 1);
        }
        for (let c = 0; c < dims; c++) {
          const step = clip(coefficient * (here[c] - there[jt + c])) * alpha;
          here[c] += step;
          if (live) coords[jt + c] -= step;
          else pending[e * dims + c] = -step;
        }
        nextSample[e] += epochsPerSample[e];
        const perNegative = epochsPerSample[e] / negativeSampleRate;
        const negatives = Math.floor((epoch - nextNegative[e]) / perNegative);
        for (let p = 0; p < negatives; p++) {
          state = (state + 0x6d2b79f5) >>> 0;
          let t = state;
          t = Math.imul(t ^ (t >>> 15), t | 1);
          t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
          const k = Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
          if (k === i) continue;
          const away = k >= first && k < end ? coords : previous;
          const kt = k * dims;
          let r2 = 0;
          for (let c = 0; c < dims; c++) r2 += (here[c] - away[kt + c]) ** 2;
          let push = 0;
          if (r2 > 0)
            push = repelScale / ((REPULSION_EPSILON + r2) * (a * Math.exp(b * Math.log(r2)) + 1));
          for (let c = 0; c < dims; c++)
            here[c] += (push > 0 ? clip(push * (here[c] - away[kt + c])) : CLIP) * alpha;
        }
        nextNegative[e] += negatives * perNegative;
        for (let c = 0; c < dims; c++) coords[at + c] = here[c];
      }
    }
    this.streams[block] = state | 0;
  }

  private settle(block: number): void {
    const { dims } = this.s;
    const { coords, previous, pending, incoming } = this;
    for (let q = this.incomingPtr[block]; q < this.incomingPtr[block + 1]; q++) {
      const e = incoming[q];
      const j = this.edges.other[e];
      for (let c = 0; c < dims; c++) {
        coords[j * dims + c] += pending[e * dims + c];
        pending[e * dims + c] = 0;
      }
    }
    const from = this.bounds[block] * dims;
    const to = this.bounds[block + 1] * dims;
    previous.set(coords.subarray(from, to), from);
  }
}

/** A gradient step clipped to ±4, as umap-learn and umap-js. */
function clip(step: number): number {
  return step > CLIP ? CLIP : step < -CLIP ? -CLIP : step;
}
