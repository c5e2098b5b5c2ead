import { upperTriangle, type SparseAffinities } from './affinities';
import { plainMemory, type Allocator } from '../memory';
import { serialRunner, type TaskHandler, type TaskRunner } from '../tasks';
import { FftRepulsion } from './fftRepulsion';
import { autoFftMaxTransform } from './gradientChoice';
import { repulsiveForces, sumInOrder, walkingGroups } from './gradient';
import { klEvaluator } from './kl';
import { SpaceTree } from './spaceTree';
import { Attraction } from '../wasm/attraction';
import { GroupForces } from '../wasm/groupForces';
import type { TsneSettings } from './settings';
import type { TsneGradientMethod, TsneProgress } from './types';

const PROGRESS_EVERY = 50;

/** Rows of P per attraction task. */
const ATTRACT_ROWS = 1024;
/** Walking groups (about 20 points each) per repulsion task. */
const REPEL_GROUPS = 16;
const ATTRACT = 0;
const REPEL = 1;
/** The FFT repulsion's task kinds follow these two. */
const FFT_KINDS = 2;
/** Slots of the shared scalars: what the leading thread publishes to the others each iteration. */
const EXAGGERATION = 0;
const TREE_SIZE = 1;
const GROUPS = 2;
/** Counts `compute` calls: each thread copies a new layout and tree into its kernels once. */
const ITERATION = 3;

/**
 * The two terms of the t-SNE gradient at the layout `coords`, as tasks (see tasks.ts): attraction
 * by blocks of rows (in WebAssembly SIMD, `Attraction`: each thread copies P into its own kernel
 * on its first task and the layout once an iteration), while the running thread first builds the
 * Barnes-Hut tree; then repulsion by blocks of walking groups. Z is summed over the groups in order, so the bits never depend on how
 * the tasks were shared out. With `method` 'fft' the running thread instead lays out the FFT
 * grid, and the repulsion is FftRepulsion's tasks; with 'auto' it takes the FFT whenever the
 * layout fits a grid of full resolution within `autoFftMaxTransform(n)`, else the tree, afresh
 * each iteration. Threads that share the work each construct one of these over the same shared
 * memory (`memory`, and `P` and `coords` in shared buffers); the leader calls `compute`.
 */
export class TsneGradient {
  /** Attraction per coordinate, exaggeration included. */
  readonly attract: Float64Array;
  /** Repulsion per coordinate before division by Z. */
  readonly repel: Float64Array;
  readonly handlers: readonly TaskHandler[];
  private readonly tree: SpaceTree;
  private readonly starts: Int32Array;
  private readonly groupZ: Float64Array;
  private readonly scalars: Float64Array;
  private readonly fft: FftRepulsion | null;
  /** This thread's repulsion kernel (made on its first task) and the iteration's tree it has. */
  private groupForces: GroupForces | null = null;
  private treeLoaded = -1;
  /** This thread's attraction kernel (made on its first task) and the iteration it has loaded. */
  private attraction: Attraction | null = null;
  private loaded = -1;

  constructor(
    private readonly P: SparseAffinities,
    private readonly coords: Float64Array,
    private readonly dims: 2 | 3,
    private readonly theta: number,
    memory: Allocator = plainMemory,
    private readonly method: TsneGradientMethod = 'barnes-hut',
  ) {
    const n = P.n;
    this.attract = memory.float64(n * dims);
    this.repel = memory.float64(n * dims);
    this.scalars = memory.float64(4);
    this.fft =
      method === 'barnes-hut'
        ? null
        : new FftRepulsion(n, coords, this.repel, memory, autoFftMaxTransform(n, method));
    // Only 'fft' never walks a tree: an empty one keeps the fields simple.
    const treePoints = method === 'fft' ? 0 : n;
    this.tree = new SpaceTree(dims, treePoints, memory);
    this.starts = memory.int32(treePoints + 1);
    this.groupZ = memory.float64(treePoints);
    this.handlers = [
      (task) => this.attractRows(task),
      (task) => this.repelGroups(task),
      ...(this.fft?.handlers ?? []),
    ];
  }

  /** Fills `attract` and `repel` for the current `coords` and returns Z = Σ_{i≠j} w_ij. */
  compute(exaggeration: number, runner: TaskRunner): number {
    const { n } = this.P;
    const scalars = this.scalars;
    scalars[EXAGGERATION] = exaggeration;
    scalars[ITERATION]++;
    let viaFft = false;
    runner.run(ATTRACT, Math.ceil(n / ATTRACT_ROWS), () => {
      viaFft = this.fft !== null && this.fft.prepare(this.method === 'auto');
      if (viaFft) return;
      this.tree.build(this.coords, n, this.theta);
      scalars[TREE_SIZE] = this.tree.size;
      scalars[GROUPS] = walkingGroups(this.tree, this.starts);
    });
    if (viaFft) return this.fft!.forces(runner, FFT_KINDS);
    const groups = scalars[GROUPS];
    runner.run(REPEL, Math.ceil(groups / REPEL_GROUPS));
    return sumInOrder(this.groupZ, groups);
  }

  private attractRows(task: number): void {
    const from = task * ATTRACT_ROWS;
    const to = Math.min(this.P.n, from + ATTRACT_ROWS);
    this.attraction ??= new Attraction(this.P, this.dims);
    const iteration = this.scalars[ITERATION];
    if (this.loaded !== iteration) {
      this.attraction.load(this.coords);
      this.loaded = iteration;
    }
    this.attraction.compute(this.scalars[EXAGGERATION], this.attract, from, to);
  }

  private repelGroups(task: number): void {
    this.groupForces ??= new GroupForces(this.P.n, this.dims);
    this.tree.size = this.scalars[TREE_SIZE];
    const iteration = this.scalars[ITERATION];
    if (this.treeLoaded !== iteration) {
      this.groupForces.load(this.tree);
      this.treeLoaded = iteration;
    }
    const from = task * REPEL_GROUPS;
    const to = Math.min(this.scalars[GROUPS], from + REPEL_GROUPS);
    repulsiveForces(this.tree, this.starts, from, to, this.repel, this.groupZ, this.groupForces);
  }
}

/**
 * Gradient descent with momentum and per-coordinate gains (Jacobs 1988, as in bhtsne) on
 * `coords` (the layout `gradient` reads), in place. Only the gradient's tasks may run on other
 * threads (through `runner`): the rest is summed here in one fixed order.
 */
export function optimizeTsne(
  P: SparseAffinities,
  s: TsneSettings,
  coords: Float64Array,
  gradient: TsneGradient,
  runner: TaskRunner = serialRunner(gradient.handlers),
  onProgress?: (p: TsneProgress) => void,
): void {
  const n = P.n;
  const dims = s.dims;
  const len = n * dims;
  const progressKl = onProgress ? klEvaluator(upperTriangle(P), dims) : undefined;
  const { attract, repel } = gradient;
  const update = new Float64Array(len);
  const gains = new Float64Array(len).fill(1);
  for (let it = 0; it < s.iterations; it++) {
    const early = it < s.earlyExaggerationIterations;
    const momentum = early ? 0.5 : 0.8;
    const z = gradient.compute(early ? s.earlyExaggeration : 1, runner);
    if (onProgress && progressKl && ((it + 1) % PROGRESS_EVERY === 0 || it + 1 === s.iterations)) {
      onProgress({
        phase: 'optimize',
        iteration: it + 1,
        iterations: s.iterations,
        kl: progressKl(coords, z),
      });
    }
    const invZ = 1 / z;
    for (let c = 0; c < len; c++) {
      const grad = attract[c] - repel[c] * invZ;
      // Grow the step while the gradient keeps pointing the way the point is already moving.
      const gain = grad * update[c] < 0 ? gains[c] + 0.2 : gains[c] * 0.8;
      gains[c] = gain < 0.01 ? 0.01 : gain;
      update[c] = momentum * update[c] - s.learningRate * gains[c] * grad;
      coords[c] += update[c];
    }
    recentre(coords, n, dims);
  }
}

function recentre(coords: Float64Array, n: number, dims: number): void {
  for (let t = 0; t < dims; t++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += coords[i * dims + t];
    mean /= n;
    for (let i = 0; i < n; i++) coords[i * dims + t] -= mean;
  }
}
