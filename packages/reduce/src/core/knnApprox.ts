import { checkKnnInput } from './checkRows';
import {
  candidateLists,
  offerCandidate,
  pairPriority,
  type CandidateLists,
} from './candidateLists';
import { allocateHeaps, BoundedHeaps, clearHeaps, heapPush, sortHeapRow } from './boundedHeap';
import type { NeighborList } from '@latentlens/data';
import { plainMemory, type Allocator } from './memory';
import { randomInt, RandomSource, seededRandom } from './random';
import { buildRpTree } from './rpTree';
import { serialRunner, type TaskHandler, type TaskRunner } from './tasks';
import { squaredDistance } from './squaredDistance';
import { KernelPerRun, paddedStride, RowDistances } from './wasm/rowDistances';

export interface ApproxKnnOptions {
  /** Seed of every random choice (trees, sampling); same seed, same graph. Default 0. */
  seed?: number;
  /** Random-projection trees for the initial graph. Default `min(16, 4 + round(√n / 50))`. */
  trees?: number;
  /** Upper bound on NN-descent rounds (it stops earlier once the graph settles). Default `max(5, round(log2 n))`. */
  iterations?: number;
  /** Neighbours sampled per row and round for the local join. Default: see `defaultCandidates`. */
  candidates?: number;
}

/** Stop when a round improves fewer than this fraction of the n·k neighbour slots. */
const CONVERGENCE_DELTA = 0.001;
/** Measured pairs a join task may keep, and tasks per block (the pair buffer holds a block). */
const PAIRS_PER_TASK = 1 << 15;
const TASKS_PER_BLOCK = 32;
const EMIT_LEAVES = 0;
const EMIT_CANDIDATES = 1;
const APPLY = 2;
const SORT = 3;
const SAMPLE = 4;
const MARK = 5;
/** Rows per sorting task. */
const SORT_ROWS = 1024;
/** Slots of the shared scalars the leading thread publishes before each run. */
const BLOCK_START = 0;
const UNITS_PER_TASK = 1;
const UNITS = 2;
const TASKS = 3;
const ROUND_SEED = 4;
/** Counts the runs, so that each thread copies the rows into its kernel once per run. */
const ROWS_VERSION = 5;

/**
 * Approximate k-nearest neighbours (Euclidean, self excluded, nearest first): a forest of
 * random-projection trees seeds every row's list with its leaf-mates, then NN-descent
 * (Dong, Moses & Li 2011) repeatedly tries each row's neighbours' neighbours, sampling new and
 * old candidates so that pairs already compared are not compared again. See `NnDescent`.
 */
export function approxKnn(
  data: Float32Array,
  n: number,
  d: number,
  k: number,
  options: ApproxKnnOptions = {},
): NeighborList {
  // Also needed for termination: a NaN distance is never accepted into a list, so the random
  // fill would never finish.
  checkKnnInput('approxKnn', data, n, d, k);
  return new NnDescent(n, d, k, options, 1).run(data);
}

/**
 * pynndescent uses min(32, 5 + round(√n / 20)) trees; NN-descent recovers the same final recall
 * from fewer, and trees cost as much as a descent round, so this grows more slowly.
 */
function defaultTrees(n: number): number {
  return Math.min(16, 4 + Math.round(Math.sqrt(n) / 50));
}

/**
 * Candidates per row and round: 60 (as UMAP asks of pynndescent) for small k, fewer for large k,
 * where a round's cost grows with the square of the candidates but recall hardly does. Measured
 * on PCA-64 Fashion-MNIST, 70,000 rows, k = 75: 60 candidates, recall 0.9999 in 52 s of CPU; 15,
 * recall 0.9987 in 24 s. Then with the WebAssembly kernel (one thread, CPU seconds, load 9–12 on
 * the shared 2-core machine, one window): 15, recall 0.9987 in 37.9 s; 12, 0.9977 in 32.9 s; 10,
 * 0.9962 in 29.7 s (and 5 trees instead of 9, 0.9983 in 34.6 s). So at least 10, which only
 * k > 60 reaches: t-SNE's 75 get 12, UMAP's 14 still 60.
 */
function defaultCandidates(k: number): number {
  return Math.max(10, Math.min(60, Math.round(900 / k)));
}

/**
 * NN-descent as tasks (see tasks.ts), so that threads can share it and still produce the graph
 * of one thread, bit for bit.
 *
 * Every join (the pairs within each tree leaf, then each round's local join) runs in blocks: the
 * join tasks measure their pairs and keep those that could enter either row's list as it stands
 * at the start of the block; then apply tasks, each owning a range of rows, offer the kept pairs
 * in order to the lists they own. What the join tasks keep depends only on the lists at the
 * start of the block, and each list receives its offers in one fixed order, so the graph never
 * depends on how the tasks were shared out. Each round's sample of candidates ranks the pairs by a
 * hash of the pair and a seed of the round, so it too is the same whoever computes it. The
 * random draws themselves (trees, seeds) are made by the leading thread.
 *
 * The work runs on a copy of the rows reordered leaf by leaf along the first tree, so that rows
 * compared together mostly sit close in memory, and padded to a multiple of 4 values so the
 * distance loop can keep four independent sums. Threads that share the work each construct one
 * of these over the same shared `memory`; member 0 calls `run`.
 */
export class NnDescent {
  readonly handlers: readonly TaskHandler[];
  private readonly trees: number;
  private readonly iterations: number;
  private readonly leafSize: number;
  private readonly stride: number;
  private readonly applyTasks: number;
  private readonly taskCapacity: number;
  /** Pairs one kernel call measures: a leaf's, or one row's local join. */
  private readonly kernelCapacity: number;
  /** Units per join task: tree leaves, and rows of the local join. */
  private readonly leavesPerTask: number;
  private readonly rowsPerTask: number;
  private readonly rows: Float32Array;
  private readonly graph: BoundedHeaps;
  private readonly fresh: CandidateLists;
  private readonly old: CandidateLists;
  /** The tree whose leaves are being joined: `leafOrder[leafStarts[l] .. leafStarts[l+1])`. */
  private readonly leafOrder: Int32Array;
  private readonly leafStarts: Int32Array;
  private readonly pairA: Int32Array;
  private readonly pairB: Int32Array;
  private readonly pairDist: Float64Array;
  private readonly pairCount: Int32Array;
  private readonly applied: Int32Array;
  private readonly scalars: Int32Array;
  /** Per thread: scratch of `markSampled`. */
  private stamp = new Int32Array(0);
  /** Per thread: the distance kernel on this run's rows. */
  private readonly kernel: KernelPerRun;

  constructor(
    private readonly n: number,
    private readonly d: number,
    private readonly k: number,
    private readonly options: ApproxKnnOptions,
    members: number,
    memory: Allocator = plainMemory,
  ) {
    this.trees = Math.max(1, options.trees ?? defaultTrees(n));
    this.iterations = options.iterations ?? Math.max(5, Math.round(Math.log2(n)));
    this.leafSize = Math.max(10, k);
    const candidates = Math.min(options.candidates ?? defaultCandidates(k), n - 1);
    this.stride = paddedStride(d);
    // Several apply tasks per thread even out the threads' shares of the offers.
    this.applyTasks = members === 1 ? 1 : 2 * members;
    const leafPairs = (this.leafSize * (this.leafSize - 1)) / 2;
    const rowPairs = (candidates * (3 * candidates - 1)) / 2;
    this.kernelCapacity = Math.max(leafPairs, rowPairs);
    this.taskCapacity = Math.max(PAIRS_PER_TASK, this.kernelCapacity);
    this.leavesPerTask = Math.floor(this.taskCapacity / leafPairs);
    this.rowsPerTask = Math.max(1, Math.floor(this.taskCapacity / Math.max(1, rowPairs)));
    this.rows = memory.float32(n * this.stride);
    const { rows, stride, kernelCapacity } = this;
    this.kernel = new KernelPerRun(() => new RowDistances(rows, n, stride, kernelCapacity));
    this.graph = allocateHeaps(n, k, true, memory);
    this.fresh = candidateLists(n, candidates, memory);
    this.old = candidateLists(n, candidates, memory);
    this.leafOrder = memory.int32(n);
    this.leafStarts = memory.int32(n + 1);
    const pairs = TASKS_PER_BLOCK * this.taskCapacity;
    this.pairA = memory.int32(pairs);
    this.pairB = memory.int32(pairs);
    this.pairDist = memory.float64(pairs);
    this.pairCount = memory.int32(TASKS_PER_BLOCK);
    this.applied = memory.int32(this.applyTasks);
    this.scalars = memory.int32(6);
    this.handlers = [
      (task) => this.emitLeafPairs(task),
      (task) => this.emitCandidatePairs(task),
      (task) => this.applyPairs(task),
      (task) => {
        for (let r = task * SORT_ROWS; r < Math.min(n, (task + 1) * SORT_ROWS); r++)
          sortHeapRow(this.graph, r);
      },
      (task) => this.sampleCandidates(task),
      (task) => this.markSampled(task),
    ];
  }

  run(data: Float32Array, runner: TaskRunner = serialRunner(this.handlers)): NeighborList {
    const { n, d, k, stride, rows, graph } = this;
    const random = seededRandom(this.options.seed ?? 0);
    const first = buildRpTree(data, n, d, this.leafSize, random);
    const order = first.order;
    for (let p = 0; p < n; p++) rows.set(data.subarray(order[p] * d, order[p] * d + d), p * stride);
    this.scalars[ROWS_VERSION]++;
    clearHeaps(graph);
    // In the reordered copy the first tree's leaves are contiguous ranges of positions.
    for (let p = 0; p < n; p++) this.leafOrder[p] = p;
    this.joinLeaves(first.starts, runner);
    for (let t = 1; t < this.trees; t++) {
      const tree = buildRpTree(rows, n, stride, this.leafSize, random);
      this.leafOrder.set(tree.order);
      this.joinLeaves(tree.starts, runner);
    }
    this.fillWithRandomRows(random);
    this.descend(random, runner);

    runner.run(SORT, Math.ceil(n / SORT_ROWS));
    const indices = new Int32Array(n * k);
    const distances = new Float32Array(n * k);
    for (let p = 0; p < n; p++) {
      const out = order[p] * k;
      for (let q = 0; q < k; q++) {
        indices[out + q] = order[graph.ids[p * k + q]];
        distances[out + q] = Math.sqrt(graph.keys[p * k + q]);
      }
    }
    return { n, k, indices, distances };
  }

  private distance(a: number, b: number): number {
    const { rows, stride } = this;
    return squaredDistance(rows, a * stride, b * stride, stride);
  }

  private joinLeaves(starts: Int32Array, runner: TaskRunner): void {
    this.leafStarts.set(starts);
    this.join(EMIT_LEAVES, starts.length - 1, this.leavesPerTask, runner);
  }

  /** Runs the join of `units` leaves or rows in blocks; returns how many list entries changed. */
  private join(kind: number, units: number, unitsPerTask: number, runner: TaskRunner): number {
    const s = this.scalars;
    s[UNITS] = units;
    s[UNITS_PER_TASK] = unitsPerTask;
    let changed = 0;
    for (let start = 0; start < units; start += TASKS_PER_BLOCK * unitsPerTask) {
      s[BLOCK_START] = start;
      s[TASKS] = Math.min(TASKS_PER_BLOCK, Math.ceil((units - start) / unitsPerTask));
      runner.run(kind, s[TASKS]);
      runner.run(APPLY, this.applyTasks);
      for (let t = 0; t < this.applyTasks; t++) changed += this.applied[t];
    }
    return changed;
  }

  /** Units [from, to) of a join task's share of the current block. */
  private taskUnits(task: number): [number, number] {
    const s = this.scalars;
    const from = s[BLOCK_START] + task * s[UNITS_PER_TASK];
    return [from, Math.min(s[UNITS], from + s[UNITS_PER_TASK])];
  }

  /**
   * Measures the kernel's first `count` pairs (one leaf's, or one row's local join: one call
   * each, so the call's cost is spread over up to a few hundred distances) and keeps each (a, b)
   * in the task's pair buffer if it could enter the list of a or of b: it beats the
   * list's worst entry and is not in it yet. Both hold at the start of the block, so the check
   * loses nothing: a list only improves, and a row it drops cannot come back within the block
   * (its distance is no longer below the worst).
   *
   * Tried and dropped (issue 15; PCA-64 Fashion-MNIST, k = 75, one thread, same graph bit for
   * bit, CPU seconds on the shared 2-core machine; measured with the JS distance loop, before
   * the WebAssembly kernel): 82% of the pairs the joins measure at
   * 10,000 rows were measured before (two close rows share many neighbours, each proposing the
   * pair), but skipping them through a per-thread table of recent pairs (8 MB; it skipped half of
   * all pairs) took 61.0 s against 44.4 s at 70,000 rows: the table's cache misses cost more than
   * the distances, whose rows are still in cache. Stopping a distance once it passes both rows'
   * worst (17% of the arithmetic) changed nothing measurable at 10,000 rows (5.1-5.5 s either way).
   */
  private keepMeasured(kernel: RowDistances, count: number, at: number): number {
    const { pairs, out } = kernel;
    kernel.squaredDistances(count);
    for (let c = 0; c < count; c++) {
      const a = pairs[2 * c];
      const b = pairs[2 * c + 1];
      const dist = out[c];
      if (!this.couldEnter(a, b, dist) && !this.couldEnter(b, a, dist)) continue;
      this.pairA[at] = a;
      this.pairB[at] = b;
      this.pairDist[at] = dist;
      at++;
    }
    return at;
  }

  private couldEnter(row: number, id: number, dist: number): boolean {
    const { keys, ids } = this.graph;
    const base = row * this.k;
    if (!(dist < keys[base])) return false;
    for (let p = base; p < base + this.k; p++) if (ids[p] === id) return false;
    return true;
  }

  private emitLeafPairs(task: number): void {
    const [from, to] = this.taskUnits(task);
    const { leafOrder, leafStarts } = this;
    const kernel = this.kernel.forRun(this.scalars[ROWS_VERSION]);
    const pairs = kernel.pairs;
    const base = task * this.taskCapacity;
    let at = base;
    for (let l = from; l < to; l++) {
      const end = leafStarts[l + 1];
      let count = 0;
      for (let p = leafStarts[l]; p < end; p++) {
        const a = leafOrder[p];
        for (let q = p + 1; q < end; q++) {
          pairs[count++] = a;
          pairs[count++] = leafOrder[q];
        }
      }
      at = this.keepMeasured(kernel, count >> 1, at);
    }
    this.pairCount[task] = at - base;
  }

  /** The local join of rows [from, to): new candidates with each other and with old ones. */
  private emitCandidatePairs(task: number): void {
    const [from, to] = this.taskUnits(task);
    const { fresh, old } = this;
    const capacity = fresh.capacity;
    const kernel = this.kernel.forRun(this.scalars[ROWS_VERSION]);
    const pairs = kernel.pairs;
    const base = task * this.taskCapacity;
    let at = base;
    for (let i = from; i < to; i++) {
      const row = i * capacity;
      const freshEnd = row + fresh.count[i];
      const oldEnd = row + old.count[i];
      let count = 0;
      for (let p = row; p < freshEnd; p++) {
        const a = fresh.ids[p];
        for (let q = p + 1; q < freshEnd; q++) {
          pairs[count++] = a;
          pairs[count++] = fresh.ids[q];
        }
        for (let q = row; q < oldEnd; q++) {
          const b = old.ids[q];
          if (b === a) continue;
          pairs[count++] = a;
          pairs[count++] = b;
        }
      }
      at = this.keepMeasured(kernel, count >> 1, at);
    }
    this.pairCount[task] = at - base;
  }

  /** Offers the block's kept pairs, in order, to the lists of this task's range of rows. */
  private applyPairs(task: number): void {
    const [lo, hi] = this.ownedRows(task);
    const { graph, pairA, pairB, pairDist, pairCount } = this;
    let changed = 0;
    for (let t = 0; t < this.scalars[TASKS]; t++) {
      const base = t * this.taskCapacity;
      for (let at = base; at < base + pairCount[t]; at++) {
        const a = pairA[at];
        const b = pairB[at];
        if (a >= lo && a < hi && heapPush(graph, a, pairDist[at], b, 1)) changed++;
        if (b >= lo && b < hi && heapPush(graph, b, pairDist[at], a, 1)) changed++;
      }
    }
    this.applied[task] = changed;
  }

  /** Rows whose trees gave them fewer than k leaf-mates get random rows for the empty slots. */
  private fillWithRandomRows(random: RandomSource): void {
    const { n, k, graph } = this;
    for (let i = 0; i < n; i++) {
      let empty = 0;
      for (let p = 0; p < k; p++) if (graph.ids[i * k + p] < 0) empty++;
      while (empty > 0) {
        const j = randomInt(random, n);
        if (j !== i && heapPush(graph, i, this.distance(i, j), j, 1)) empty--;
      }
    }
  }

  private descend(random: RandomSource, runner: TaskRunner): void {
    const { n, k } = this;
    for (let round = 0; round < this.iterations; round++) {
      this.scalars[ROUND_SEED] = Math.floor(random() * 2 ** 31);
      runner.run(SAMPLE, this.applyTasks);
      runner.run(MARK, this.applyTasks);
      const changed = this.join(EMIT_CANDIDATES, n, this.rowsPerTask, runner);
      if (changed <= CONVERGENCE_DELTA * n * k) break;
    }
  }

  /** Rows [lo, hi) of a task that owns a share of the lists. */
  private ownedRows(task: number): [number, number] {
    return [
      Math.floor((this.n * task) / this.applyTasks),
      Math.floor((this.n * (task + 1)) / this.applyTasks),
    ];
  }

  /**
   * Fills the task's rows of `fresh` and `old` with a random sample of each row's neighbours,
   * forward and reverse, split by their "new" mark. Every task reads all lists in one order and
   * keeps what lands in its own rows.
   */
  private sampleCandidates(task: number): void {
    const [lo, hi] = this.ownedRows(task);
    const { n, k, graph, fresh, old } = this;
    fresh.count.fill(0, lo, hi);
    old.count.fill(0, lo, hi);
    const { ids } = graph;
    const isNew = graph.flags as Uint8Array;
    const round = this.scalars[ROUND_SEED];
    for (let i = 0; i < n; i++) {
      const mine = i >= lo && i < hi;
      for (let p = i * k; p < i * k + k; p++) {
        const j = ids[p];
        if (j < 0 || (!mine && (j < lo || j >= hi))) continue;
        const lists = isNew[p] ? fresh : old;
        const priority = pairPriority(i, j, round);
        if (mine) offerCandidate(lists, i, j, priority);
        if (j >= lo && j < hi) offerCandidate(lists, j, i, priority);
      }
    }
  }

  /** Marks the task's rows' sampled new neighbours old, so later rounds only join what changed. */
  private markSampled(task: number): void {
    const [lo, hi] = this.ownedRows(task);
    const { k, graph, fresh } = this;
    const { ids } = graph;
    const isNew = graph.flags as Uint8Array;
    const capacity = fresh.capacity;
    if (this.stamp.length === 0) this.stamp = new Int32Array(this.n).fill(-1);
    const stamp = this.stamp;
    for (let i = lo; i < hi; i++) {
      const end = i * capacity + fresh.count[i];
      for (let c = i * capacity; c < end; c++) stamp[fresh.ids[c]] = i;
      for (let p = i * k; p < i * k + k; p++) if (isNew[p] && stamp[ids[p]] === i) isNew[p] = 0;
      // Rows move between threads from round to round: leave no stamp behind.
      for (let c = i * capacity; c < end; c++) stamp[fresh.ids[c]] = -1;
    }
  }
}
