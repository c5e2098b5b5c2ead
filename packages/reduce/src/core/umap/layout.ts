import type { Allocator } from '../memory';
import type { SparseRows } from '../sparseRows';
import { serialRunner, type TaskHandler, type TaskRunner } from '../tasks';
import type { SharedWasmMemory } from '../wasm/module';
import { UmapLayoutKernel } from '../wasm/umapLayout';

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

/** The sizes a layout's memory depends on: rows and edges. */
export interface LayoutShape {
  n: number;
  m: number;
}

export function shapeOf(edges: LayoutEdges): LayoutShape {
  return { n: edges.n, m: edges.other.length };
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
 *
 * Every array, the edges included, is in `memory`. Given `wasm`, the memory the allocator's
 * views are on, 2-D layouts run both rounds in WebAssembly (wasm/umapLayout.wat, one instance
 * per thread on the same shared memory), the same bit for bit as the JS loops (`moveAny`,
 * `settle`), which run 3-D layouts and, without `wasm`, 2-D ones (layout.test.ts compares the
 * two). Measured on 10,000 rows, 500 epochs, one thread (CPU time, profiled): the JS 2-D loop
 * (scalar coordinates, since replaced) and settling took 10.0 and 1.6 s; the kernel's epochs
 * 6.9–8.1 s against 9.5–10.7 (see the README's "UMAP's descent in WebAssembly").
 */
export class UmapLayout {
  readonly handlers: readonly TaskHandler[];
  readonly coords: Float32Array;
  private readonly rowPtr: Int32Array;
  private readonly other: Int32Array;
  private readonly epochsPerSample: Float64Array;
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
  /** The tables of `power`, for the kernel. */
  private readonly tables: readonly Float64Array[];
  private readonly kernel: UmapLayoutKernel | null;

  constructor(
    private readonly shape: LayoutShape,
    private readonly s: LayoutSettings,
    memory: Allocator,
    wasm: SharedWasmMemory | null,
    private readonly blocks = LAYOUT_BLOCKS,
  ) {
    const { n, m } = shape;
    this.rowPtr = memory.int32(n + 1);
    this.other = memory.int32(m);
    this.epochsPerSample = memory.float64(m);
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
    this.tables = [LOG2_TABLE, EXP2_TABLE, POWERS_OF_TWO].map((t) => memory.float64(t.length));
    this.kernel =
      wasm !== null && s.dims === 2
        ? new UmapLayoutKernel(
            wasm,
            {
              rowPtr: this.rowPtr,
              other: this.other,
              epochsPerSample: this.epochsPerSample,
              nextSample: this.nextSample,
              nextNegative: this.nextNegative,
              coords: this.coords,
              previous: this.previous,
              pending: this.pending,
              incoming: this.incoming,
              log2Table: this.tables[0],
              exp2Table: this.tables[1],
              powersOfTwo: this.tables[2],
            },
            {
              n,
              a: s.a,
              b: s.b,
              negativeSampleRate: s.negativeSampleRate,
              ...forceScales(s.a, s.b),
            },
          )
        : null;
    this.handlers = [(k) => this.move(k), (k) => this.settle(k)];
  }

  /**
   * Sets the edges (of this layout's shape), the starting layout (`n * dims` values) and the
   * schedule. In one thread only, before `optimize`: the other threads' layouts are views on the
   * same memory.
   */
  start(layout: Float32Array, edges: LayoutEdges): void {
    const { n, m } = this.shape;
    if (edges.n !== n || edges.other.length !== m)
      throw new Error(
        `UmapLayout: edges of ${edges.n} rows and ${edges.other.length} edges, made for ${n} and ${m}`,
      );
    const { rowPtr, other } = this;
    const { blocks, s } = this;
    rowPtr.set(edges.rowPtr);
    other.set(edges.other);
    this.epochsPerSample.set(edges.epochsPerSample);
    [LOG2_TABLE, EXP2_TABLE, POWERS_OF_TWO].forEach((table, t) => this.tables[t].set(table));
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
      this.nextSample[e] = this.epochsPerSample[e];
      this.nextNegative[e] = this.epochsPerSample[e] / s.negativeSampleRate;
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

  /** Block `block`'s edges, in order: in the kernel, or in JS (d^b from `power`'s tables). */
  private move(block: number): void {
    if (this.kernel === null) {
      this.moveAny(block);
      return;
    }
    const { epoch, alpha, first, end, stream } = this.blockStep(block);
    this.streams[block] = this.kernel.move(first, end, epoch, alpha, stream | 0);
  }

  /**
   * What both loops of `block` start from in this epoch: its step (the learning rate, decayed
   * linearly to 0), its rows [first, end), its random stream's state and the forces' factors.
   */
  private blockStep(block: number) {
    const { a, b, epochs } = this.s;
    const epoch = this.epochCell[0];
    return {
      epoch,
      alpha: this.s.learningRate * (1 - epoch / epochs),
      first: this.bounds[block],
      end: this.bounds[block + 1],
      stream: this.streams[block] >>> 0,
      ...forceScales(a, b),
    };
  }

  /**
   * Edge `e` is sampled in `epoch`: schedules its next sample, and returns how many negative
   * samples are due with it (those owed since its last, `negativeSampleRate` per sample).
   */
  private sampleEdge(e: number, epoch: number): number {
    const { epochsPerSample } = this;
    const { nextSample, nextNegative } = this;
    nextSample[e] += epochsPerSample[e];
    const perNegative = epochsPerSample[e] / this.s.negativeSampleRate;
    const negatives = Math.floor((epoch - nextNegative[e]) / perNegative);
    nextNegative[e] += negatives * perNegative;
    return negatives;
  }

  private moveAny(block: number): void {
    const { rowPtr, other } = this;
    const { n } = this.shape;
    const { dims, a, b } = this.s;
    const { coords, previous, pending, nextSample } = this;
    const { epoch, alpha, first, end, stream, attractScale, repelScale } = this.blockStep(block);
    let state = stream;
    const here = new Float64Array(dims);
    for (let i = first; i < end; i++) {
      const at = i * dims;
      for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) {
        if (nextSample[e] > epoch) continue;
        const negatives = this.sampleEdge(e, epoch);
        for (let c = 0; c < dims; c++) here[c] = coords[at + c];
        const j = other[e];
        const live = j >= first && j < end;
        const there = live ? coords : previous;
        const jt = j * dims;
        let d2 = 0;
        for (let c = 0; c < dims; c++) d2 += (here[c] - there[jt + c]) ** 2;
        const coefficient = attraction(d2, a, b, attractScale);
        for (let c = 0; c < dims; c++) {
          const step = clip(coefficient * (here[c] - there[jt + c])) * alpha;
          here[c] += step;
          if (live) coords[jt + c] -= step;
          else pending[e * dims + c] = -step;
        }
        for (let p = 0; p < negatives; p++) {
          state = (state + 0x6d2b79f5) >>> 0;
          const k = randomRow(state, n);
          if (k === i) continue;
          const away = k >= first && k < end ? coords : previous;
          const kt = k * dims;
          let r2 = 0;
          for (let c = 0; c < dims; c++) r2 += (here[c] - away[kt + c]) ** 2;
          const push = r2 > 0 ? repulsion(r2, a, b, repelScale) : 0;
          for (let c = 0; c < dims; c++)
            here[c] += (push > 0 ? clip(push * (here[c] - away[kt + c])) : CLIP) * alpha;
        }
        for (let c = 0; c < dims; c++) coords[at + c] = here[c];
      }
    }
    this.streams[block] = state | 0;
  }

  private settle(block: number): void {
    const { dims } = this.s;
    const { coords, previous, pending, incoming, other } = this;
    const from = this.incomingPtr[block];
    const to = this.incomingPtr[block + 1];
    if (this.kernel !== null) this.kernel.settle(from, to);
    else {
      for (let q = from; q < to; q++) {
        const e = incoming[q];
        const j = other[e];
        for (let c = 0; c < dims; c++) {
          coords[j * dims + c] += pending[e * dims + c];
          pending[e * dims + c] = 0;
        }
      }
    }
    const rows = this.bounds[block] * dims;
    previous.set(coords.subarray(rows, this.bounds[block + 1] * dims), rows);
  }
}

/** The constant factors of the attraction's and the repulsion's coefficients. */
function forceScales(a: number, b: number): { attractScale: number; repelScale: number } {
  return { attractScale: -2 * a * b, repelScale: 2 * REPULSION_STRENGTH * b };
}

/** The attraction's coefficient −2ab·d^(2b−2) / (1 + a·d^2b) at squared distance `d2`. */
function attraction(d2: number, a: number, b: number, scale: number): number {
  if (d2 <= 0) return 0;
  const p = power(d2, b);
  return (scale * p) / d2 / (a * p + 1);
}

/** The repulsion's coefficient 2γb / ((ε + d²)(1 + a·d^2b)) at squared distance `r2` > 0. */
function repulsion(r2: number, a: number, b: number, scale: number): number {
  return scale / ((REPULSION_EPSILON + r2) * (a * power(r2, b) + 1));
}

/** Row index in [0, n) from a mulberry32 state (the block's own stream, advanced by the caller). */
function randomRow(state: number, n: number): number {
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
}

/** Bits of the mantissa's top that index the tables of `power`. */
const TABLE_BITS = 10;
const TABLE_SIZE = 1 << TABLE_BITS;
const LOW_BITS = 20 - TABLE_BITS;
/** log2(1 + j / TABLE_SIZE) and 2^(j / TABLE_SIZE), j = 0..TABLE_SIZE. */
const LOG2_TABLE = Float64Array.from({ length: TABLE_SIZE + 1 }, (_, j) =>
  Math.log2(1 + j / TABLE_SIZE),
);
const EXP2_TABLE = Float64Array.from({ length: TABLE_SIZE + 1 }, (_, j) => 2 ** (j / TABLE_SIZE));
/** 2^e for e = −EXP2_BIAS..EXP2_BIAS − 1: every power of two a double holds. */
const EXP2_BIAS = 1100;
const POWERS_OF_TWO = Float64Array.from({ length: 2 * EXP2_BIAS }, (_, e) => 2 ** (e - EXP2_BIAS));
/** This thread's view of one double's bits. */
const bits = new Float64Array(1);
const highWord = new Uint32Array(bits.buffer, 4, 1);

/**
 * x^b for a normal double x > 0, as 2^(b·log2 x): log2 from the exponent bits plus the table
 * of the mantissa's top 10 bits, interpolated linearly with the next 10, and 2^y likewise from
 * a table of 2^(j/1024). Relative error below 1e-6 (measured over x in e^±10, b = 0.79: 8.4e-7),
 * far below the float32 layout's own; the same on every machine, so results stay
 * deterministic. Measured in Node 20 (CPU time, loaded 2-core machine): about 12 ns a call
 * against 40 ns for Math.exp(b·Math.log(x)) and 60 for Math.pow; the descent's time is mostly
 * these powers (six per sample: one attraction, five negative samples). The little-endian
 * high word is assumed, as on every platform Node runs on.
 */
export function power(x: number, b: number): number {
  bits[0] = x;
  const high = highWord[0];
  const top = (high >>> LOW_BITS) & (TABLE_SIZE - 1);
  const below = (high & ((1 << LOW_BITS) - 1)) / (1 << LOW_BITS);
  const log2 =
    (high >>> 20) - 1023 + LOG2_TABLE[top] + below * (LOG2_TABLE[top + 1] - LOG2_TABLE[top]);
  const y = b * log2;
  const whole = Math.floor(y);
  const t = (y - whole) * TABLE_SIZE;
  const j = t | 0;
  const g = t - j;
  return (
    (EXP2_TABLE[j] + g * (EXP2_TABLE[j + 1] - EXP2_TABLE[j])) * POWERS_OF_TWO[whole + EXP2_BIAS]
  );
}

/** A gradient step clipped to ±4, as umap-learn and umap-js. */
function clip(step: number): number {
  return step > CLIP ? CLIP : step < -CLIP ? -CLIP : step;
}
