import { plainMemory, type Allocator } from '../memory';
import { serialRunner, type TaskHandler, type TaskRunner } from '../tasks';
import { GridConvolution } from './fftConvolution';
import { sumInOrder } from './gradient';
import { boxWeights, chooseGrid, MAX_TRANSFORM, NODES, type Grid } from './interpolation';

/** What the tasks read of the leader's grid: all but whether it is fine. */
type SharedGrid = Omit<Grid, 'fine'>;

/** Kernel row pairs, and column pairs, per task. */
const KERNEL_PAIRS = 8;
/** Grid columns per task of the column pass (a multiple of GridConvolution's 8-column blocks). */
const COLUMNS = 8;
/** Slots of the shared grid description. */
const LO = 0;
const WIDTH = 1;
const BOXES = 2;
/** Task kinds, after the caller's first `kindBase` ones. */
const SPREAD = 0;
const KERNEL_COLUMNS = 1;
const CONVOLVE = 2;
const GATHER = 3;

/**
 * Repulsion of 2-D t-SNE by FFT-accelerated interpolation (FIt-SNE, Linderman et al. 2019; the
 * scheme openTSNE also uses). With w = 1 / (1 + |y_i − y_j|²), both the force Σ_j w² (y_i − y_j)
 * and Z = Σ_{i≠j} w come from four sums over one kernel w²,
 *   φ_k(i) = Σ_j w_ij² q_k(j),   q = (1, x_j, y_j, x_j² + y_j²):
 * force_i = (x_i φ1 − φ2, y_i φ1 − φ3) and Σ_j w_ij = (1 + x_i² + y_i²) φ1 − 2 (x_i φ2 + y_i φ3)
 * + φ4 (self term included: see `gather`). Each point's charges are spread to the Lagrange
 * nodes of its box, convolved with w² between nodes by FFT (GridConvolution), and the
 * potentials interpolated back with the same weights: O(n + grid log grid) per iteration.
 *
 * Tasks split the work by rows of boxes: a task spreads the points of one row of boxes into that
 * row's grid rows (no other task writes them), and later gathers the same points' potentials.
 * Points are visited in one fixed order and Z is summed per box row, then over rows in order, so
 * the bytes never depend on the thread count.
 */
export class FftRepulsion {
  readonly handlers: readonly TaskHandler[];
  private readonly convolution: GridConvolution;
  private readonly scalars: Float64Array;
  /** Points by row of boxes (counting sort): row b holds order[rowStart[b] .. rowStart[b + 1]). */
  private readonly order: Int32Array;
  /**
   * The points' coordinates in that order, so that spread and gather read them one after the
   * other: measured in one thread (bench/repulsion.ts, 70,000 points, load 4), reading them
   * through `order` cost about 14 ms a pass in cache misses.
   */
  private readonly sorted: Float64Array;
  private readonly rowStart: Int32Array;
  private readonly rowZ: Float64Array;
  private readonly wx = new Float64Array(NODES);
  private readonly wy = new Float64Array(NODES);
  /** w² between two nodes of one box, by |dx| · NODES + |dy| in nodes (see `gather`). */
  private readonly inBox = new Float64Array(NODES * NODES);
  /** Σ over node pairs |c − c'| = d apart of w_c w_c', per d, along x and y (see `gather`). */
  private readonly pairX = new Float64Array(NODES);
  private readonly pairY = new Float64Array(NODES);
  private grid: SharedGrid = chooseGrid(0, 0, 2);

  constructor(
    private readonly n: number,
    private readonly coords: Float64Array,
    /** Receives Σ_j w_ij² (y_i − y_j) per coordinate. */
    private readonly out: Float64Array,
    memory: Allocator = plainMemory,
    /** Largest transform per side (a power of two); wider layouts get wider boxes. */
    private readonly maxSize = MAX_TRANSFORM,
  ) {
    const maxBoxes = Math.floor((maxSize + 1) / (2 * NODES));
    // Two packed complex grids: (1, x) and (y, x² + y²).
    this.convolution = new GridConvolution(maxSize, 2, memory);
    this.scalars = memory.float64(3);
    this.order = memory.int32(n);
    this.sorted = memory.float64(2 * n);
    this.rowStart = memory.int32(maxBoxes + 1);
    this.rowZ = memory.float64(maxBoxes);
    this.handlers = [
      (task) => this.spreadOrKernelRows(task),
      (task) =>
        this.convolution.kernelColumns(
          task * KERNEL_PAIRS,
          Math.min(this.convolution.size / 2, (task + 1) * KERNEL_PAIRS),
        ),
      (task) =>
        this.convolution.columns(
          task * COLUMNS,
          Math.min(this.convolution.size, (task + 1) * COLUMNS),
        ),
      (task) => this.gather(task),
    ];
  }

  /**
   * Leader, before `forces` and while no task of this class runs: the grid for the current
   * layout, and the points sorted by row of boxes. With `onlyFine`, a layout too wide for boxes
   * of the aimed width within `maxSize` is left alone and false returned.
   */
  prepare(onlyFine = false): boolean {
    const { n, coords } = this;
    let lo = Infinity;
    let hi = -Infinity;
    for (let c = 0; c < 2 * n; c++) {
      const v = coords[c];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const grid = chooseGrid(lo, hi, this.maxSize);
    if (onlyFine && !grid.fine) return false;
    this.scalars[LO] = grid.lo;
    this.scalars[WIDTH] = grid.width;
    this.scalars[BOXES] = grid.boxes;
    this.convolution.setShape(grid.m, grid.size);
    this.readGrid();
    const { rowStart, order, wy } = this;
    rowStart.fill(0, 0, grid.boxes + 1);
    for (let i = 0; i < n; i++) rowStart[boxWeights(coords[2 * i + 1], grid, wy) + 1]++;
    for (let b = 0; b < grid.boxes; b++) rowStart[b + 1] += rowStart[b];
    // rowStart[b] is used as row b's fill pointer, then shifted back.
    const { sorted } = this;
    for (let i = 0; i < n; i++) {
      const p = rowStart[boxWeights(coords[2 * i + 1], grid, wy)]++;
      order[p] = i;
      sorted[2 * p] = coords[2 * i];
      sorted[2 * p + 1] = coords[2 * i + 1];
    }
    for (let b = grid.boxes; b > 0; b--) rowStart[b] = rowStart[b - 1];
    rowStart[0] = 0;
    return true;
  }

  /** Fills `out` for the layout `prepare` saw and returns Z = Σ_{i≠j} w_ij. */
  forces(runner: TaskRunner, kindBase = 0): number {
    const conv = this.convolution;
    const boxes = this.grid.boxes;
    runner.run(kindBase + SPREAD, boxes + Math.ceil(conv.kernelRowPairs() / KERNEL_PAIRS));
    runner.run(kindBase + KERNEL_COLUMNS, Math.ceil(conv.size / 2 / KERNEL_PAIRS));
    runner.run(kindBase + CONVOLVE, Math.ceil(conv.size / COLUMNS));
    runner.run(kindBase + GATHER, boxes);
    return sumInOrder(this.rowZ, boxes);
  }

  /** Runs `prepare` and `forces` in the calling thread. */
  serialForces(): number {
    this.prepare();
    return this.forces(serialRunner(this.handlers));
  }

  private readGrid(): void {
    const s = this.scalars;
    const boxes = s[BOXES];
    const m = boxes * NODES;
    const size = this.convolution.size;
    this.grid = { lo: s[LO], width: s[WIDTH], boxes, m, size };
  }

  private spreadOrKernelRows(task: number): void {
    this.readGrid();
    const { boxes, width } = this.grid;
    if (task < boxes) {
      this.spread(task);
      return;
    }
    const block = task - boxes;
    const kernel = (dx: number, dy: number) => nodeKernel(width, dx, dy);
    const end = Math.min(this.convolution.kernelRowPairs(), (block + 1) * KERNEL_PAIRS);
    this.convolution.kernelRows(kernel, block * KERNEL_PAIRS, end);
  }

  /** Charges of the points in box row `b` onto grid rows NODES·b.., then their row transforms. */
  private spread(b: number): void {
    const { grid, sorted, wx, wy } = this;
    const work = this.convolution.rowsToFill(NODES * b, NODES * (b + 1));
    for (let p = this.rowStart[b]; p < this.rowStart[b + 1]; p++) {
      const x = sorted[2 * p];
      const y = sorted[2 * p + 1];
      const sq = x * x + y * y;
      const column = NODES * boxWeights(x, grid, wx);
      boxWeights(y, grid, wy);
      for (let a = 0; a < NODES; a++) {
        for (let c = 0; c < NODES; c++) {
          const w = wy[a] * wx[c];
          // Node (row a, column c): grid (1, x), then grid (y, x² + y²), side by side.
          const at = 4 * ((column + c) * NODES + a);
          work[at] += w;
          work[at + 1] += w * x;
          work[at + 2] += w * y;
          work[at + 3] += w * sq;
        }
      }
    }
    this.convolution.forwardRows(NODES * b, NODES * (b + 1));
  }

  /**
   * Potentials at the points of box row `b`: forces into `out`, their share of Z to rowZ[b].
   * Each point's potentials include its own charge through the interpolated kernel K̃_ii, which
   * is near 1 but not 1 (about 1% off with boxes of width 1). It adds no force (its (y_i − y_i)
   * is 0), but it would add its error to Z, so K̃_ii itself is subtracted, from the same 9 × 9
   * weights and the kernel between nodes of one box: the Z error then comes only from pairs.
   */
  private gather(b: number): void {
    this.readGrid();
    const work = this.convolution.inverseRows(NODES * b, NODES * (b + 1));
    const { grid, sorted, order, wx, wy, out, inBox, pairX, pairY } = this;
    for (let dx = 0; dx < NODES; dx++)
      for (let dy = 0; dy < NODES; dy++) inBox[dx * NODES + dy] = nodeKernel(grid.width, dx, dy);
    let z = 0;
    for (let p = this.rowStart[b]; p < this.rowStart[b + 1]; p++) {
      const x = sorted[2 * p];
      const y = sorted[2 * p + 1];
      const column = NODES * boxWeights(x, grid, wx);
      boxWeights(y, grid, wy);
      let phi1 = 0;
      let phi2 = 0;
      let phi3 = 0;
      let phi4 = 0;
      for (let a = 0; a < NODES; a++) {
        for (let c = 0; c < NODES; c++) {
          const w = wy[a] * wx[c];
          const at = 4 * ((column + c) * NODES + a);
          phi1 += w * work[at];
          phi2 += w * work[at + 1];
          phi3 += w * work[at + 2];
          phi4 += w * work[at + 3];
        }
      }
      const i = order[p];
      out[2 * i] = x * phi1 - phi2;
      out[2 * i + 1] = y * phi1 - phi3;
      pairSums(wx, pairX);
      pairSums(wy, pairY);
      let self = 0;
      for (let dx = 0; dx < NODES; dx++)
        for (let dy = 0; dy < NODES; dy++) self += pairX[dx] * pairY[dy] * inBox[dx * NODES + dy];
      z += (1 + x * x + y * y) * phi1 - 2 * (x * phi2 + y * phi3) + phi4 - self;
    }
    this.rowZ[b] = z;
  }
}

/**
 * Σ_{c,c'} w_c w_c' over the node pairs |c − c'| = d apart, per d, into `sums`: K̃_ii is then
 * Σ_{dx,dy} pairX[dx] pairY[dy] inBox(dx, dy), 9 products instead of a sum over 81 node pairs.
 * Measured on one thread (bench/repulsion.ts, 70,000 points, 256-point transform, three runs
 * of each interleaved at load 21–23): `gather` took 39–42 ms a pass with the 81-pair sum and
 * 19–25 ms with this; the whole FFT pass 61–71 ms and 37–55 ms. Written for NODES = 3.
 */
function pairSums(w: Float64Array, sums: Float64Array): void {
  sums[0] = w[0] * w[0] + w[1] * w[1] + w[2] * w[2];
  sums[1] = 2 * (w[0] * w[1] + w[1] * w[2]);
  sums[2] = 2 * w[0] * w[2];
}

/** w² = 1 / (1 + d²)² between grid nodes dx, dy apart (in nodes), for boxes `width` wide. */
function nodeKernel(width: number, dx: number, dy: number): number {
  const h = width / NODES;
  const w = 1 / (1 + h * h * (dx * dx + dy * dy));
  return w * w;
}
