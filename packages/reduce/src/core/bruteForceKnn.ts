import type { NeighborList } from '@latentlens/data';
import { plainMemory, type Allocator } from './memory';
import { serialRunner, type TaskHandler, type TaskRunner } from './tasks';
import { offerRanked } from './rankedList';
import { RowDistances } from './wasm/rowDistances';

/** Rows per tile: a tile pair (64 × 64-D floats each) stays in L1/L2 while it is compared. */
const KNN_TILE = 64;

/** The rows zero-padded to a multiple of 4 values, with their squared norms: brute force's input. */
interface PaddedRows {
  n: number;
  stride: number;
  rows: Float32Array;
  norms: Float64Array;
}

function loadPaddedRows(data: Float32Array, n: number, d: number, into: PaddedRows): void {
  const { stride, rows, norms } = into;
  rows.fill(0);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = 0; t < d; t++) {
      const v = data[i * d + t];
      rows[i * stride + t] = v;
      s += v * v;
    }
    norms[i] = s;
  }
}

/**
 * Per-row candidate lists in ascending (squared distance, row) order; the last slot is the
 * current worst. Empty slots hold (Infinity, -1). The search's working state, not a
 * `NeighborList`: squared Float64 distances (exact ties order the rows), possibly in shared
 * memory, one per thread until merged; `finishedList` turns the merged one into the result.
 */
interface RankedLists {
  k: number;
  dist: Float64Array;
  ids: Int32Array;
}

function rankedLists(n: number, k: number, memory: Allocator): RankedLists {
  return { k, dist: memory.float64(n * k), ids: memory.int32(n * k) };
}

/**
 * Compares every pair (i, j ≥ i) whose first row lies in tiles [fromTile, toTile), each pair once
 * (‖a‖² + ‖b‖² − 2 a·b), and offers it to both rows' lists, tile by tile for cache reuse. The dot
 * products come from the kernel, a row against a tile's rows per call; they equal the JS loop's
 * (four independent sums) bit for bit. A pair's distance does not depend on which call measures
 * it, and the lists keep the k best by (distance, row), a strict order: so tiles may be shared
 * among threads, each with its own lists, and merged (`mergeRankedLists`) into exactly the lists
 * of one thread doing everything.
 */
function compareTileRows(
  padded: PaddedRows,
  kernel: RowDistances,
  fromTile: number,
  toTile: number,
  lists: RankedLists,
): void {
  const { n, norms } = padded;
  const { k, dist: bestD, ids: bestI } = lists;
  const dots = kernel.out;
  for (let i0 = fromTile * KNN_TILE; i0 < Math.min(n, toTile * KNN_TILE); i0 += KNN_TILE) {
    const i1 = Math.min(n, i0 + KNN_TILE);
    for (let j0 = i0; j0 < n; j0 += KNN_TILE) {
      const j1 = Math.min(n, j0 + KNN_TILE);
      for (let i = i0; i < i1; i++) {
        const ni = norms[i];
        const from = j0 === i0 ? i + 1 : j0;
        kernel.dots(i, from, j1);
        for (let j = from; j < j1; j++) {
          const dist = ni + norms[j] - 2 * dots[j - from];
          if (dist <= bestD[i * k + k - 1]) offerRanked(bestD, bestI, i * k, k, dist, j);
          if (dist <= bestD[j * k + k - 1]) offerRanked(bestD, bestI, j * k, k, dist, i);
        }
      }
    }
  }
}

/**
 * Rows [from, to) of the k best entries of several lists (each row of each list ascending, no
 * row listed twice across them) into `into`, by (distance, row).
 */
function mergeRankedLists(
  lists: readonly RankedLists[],
  from: number,
  to: number,
  into: RankedLists,
): void {
  const k = into.k;
  const heads = new Int32Array(lists.length);
  for (let i = from; i < to; i++) {
    heads.fill(0);
    for (let p = 0; p < k; p++) {
      let best = -1;
      let bestD = Infinity;
      let bestId = -1;
      for (let l = 0; l < lists.length; l++) {
        if (heads[l] >= k) continue;
        const e = i * k + heads[l];
        const dist = lists[l].dist[e];
        const id = lists[l].ids[e];
        if (id < 0) continue;
        if (best < 0 || dist < bestD || (dist === bestD && id < bestId)) {
          best = l;
          bestD = dist;
          bestId = id;
        }
      }
      into.dist[i * k + p] = bestD;
      into.ids[i * k + p] = bestId;
      if (best >= 0) heads[best]++;
    }
  }
}

/** The finished lists: Euclidean distances, nearest first. */
function finishedList(lists: RankedLists, n: number): NeighborList {
  const { k } = lists;
  const distances = new Float32Array(n * k);
  for (let p = 0; p < n * k; p++) distances[p] = Math.sqrt(Math.max(0, lists.dist[p]));
  return { n, k, indices: Int32Array.from(lists.ids), distances };
}

const COMPARE = 0;
const MERGE = 1;
/** Rows per merge task. */
const MERGE_ROWS = 512;

/**
 * Brute-force k-nearest neighbours as tasks (see tasks.ts): each of `members` threads compares
 * the tile rows it claims into its own lists, then the lists are merged row by row. The merge
 * keeps the k best by (distance, row), a strict order, so the graph is the same whichever thread
 * compared which tiles, and the same as one thread's. Every thread constructs one of these over
 * the same shared `memory`; member 0 calls `run`.
 */
export class BruteForceKnn {
  readonly handlers: readonly TaskHandler[];
  private readonly padded: PaddedRows;
  private readonly lists: RankedLists[];
  private readonly merged: RankedLists;
  /** Counts the runs, so that each thread copies the rows into its kernel once per run. */
  private readonly version: Int32Array;
  private kernel: RowDistances | null = null;
  private kernelVersion = -1;

  constructor(
    private readonly n: number,
    private readonly d: number,
    k: number,
    members: number,
    member: number,
    memory: Allocator = plainMemory,
  ) {
    const stride = Math.ceil(d / 4) * 4;
    this.padded = { n, stride, rows: memory.float32(n * stride), norms: memory.float64(n) };
    this.lists = Array.from({ length: members }, () => rankedLists(n, k, memory));
    this.merged = members > 1 ? rankedLists(n, k, memory) : this.lists[0];
    this.version = memory.int32(1);
    const own = this.lists[member];
    this.handlers = [
      (task) => compareTileRows(this.padded, this.measurer(), task, task + 1, own),
      (task) =>
        mergeRankedLists(
          this.lists,
          task * MERGE_ROWS,
          Math.min(n, (task + 1) * MERGE_ROWS),
          this.merged,
        ),
    ];
  }

  run(data: Float32Array, runner: TaskRunner = serialRunner(this.handlers)): NeighborList {
    const { n, d } = this;
    loadPaddedRows(data, n, d, this.padded);
    this.version[0]++;
    for (const lists of this.lists) {
      lists.dist.fill(Infinity);
      lists.ids.fill(-1);
    }
    runner.run(COMPARE, Math.ceil(n / KNN_TILE));
    if (this.lists.length > 1) runner.run(MERGE, Math.ceil(n / MERGE_ROWS));
    return finishedList(this.merged, n);
  }

  /** This thread's kernel, holding the rows of the current run. */
  private measurer(): RowDistances {
    if (this.kernel === null || this.kernelVersion !== this.version[0]) {
      const { rows, stride } = this.padded;
      this.kernel = new RowDistances(rows, this.n, stride, KNN_TILE);
      this.kernelVersion = this.version[0];
    }
    return this.kernel;
  }
}
