import type { NeighborList } from '@latentlens/data';
import { plainMemory, type Allocator } from './memory';
import { serialRunner, type TaskHandler, type TaskRunner } from './tasks';
import { KernelPerRun, paddedStride, RowDistances } from './wasm/rowDistances';

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
 * Per-row candidate lists of the k best by (squared distance, row): while the search runs, each
 * row's is a max-heap, its first slot the current worst; `sortRankedRows` then puts each in
 * ascending order. Empty slots hold (Infinity, -1). The search's working state, not a
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

/** (d1, id1) ranks after (d2, id2): farther, or as far and a larger row. */
function ranksAfter(d1: number, id1: number, d2: number, id2: number): boolean {
  return d1 > d2 || (d1 === d2 && id1 > id2);
}

/**
 * Offers (dist, id) to the max-heap of row `row`: it replaces the root if it ranks before it.
 * A heap, not a sorted list: at 10,000 rows, k = 75, a row takes hundreds of offers before its
 * list settles, and shifting a sorted list of 75 for each cost more than the distances.
 */
function offerToHeap(lists: RankedLists, row: number, dist: number, id: number): void {
  const { k, dist: dists, ids } = lists;
  const base = row * k;
  if (!ranksAfter(dists[base], ids[base], dist, id)) return;
  let pos = 0;
  for (;;) {
    const left = 2 * pos + 1;
    if (left >= k) break;
    const right = left + 1;
    let child = base + left;
    if (right < k && ranksAfter(dists[base + right], ids[base + right], dists[child], ids[child]))
      child = base + right;
    if (!ranksAfter(dists[child], ids[child], dist, id)) break;
    dists[base + pos] = dists[child];
    ids[base + pos] = ids[child];
    pos = child - base;
  }
  dists[base + pos] = dist;
  ids[base + pos] = id;
}

/** Rows [from, to) of the heaps, each put in ascending (distance, row) order. */
function sortRankedRows(lists: RankedLists, from: number, to: number): void {
  const { k, dist: dists, ids } = lists;
  for (let base = from * k; base < to * k; base += k) {
    for (let p = base + 1; p < base + k; p++) {
      const dist = dists[p];
      const id = ids[p];
      let q = p;
      for (; q > base && ranksAfter(dists[q - 1], ids[q - 1], dist, id); q--) {
        dists[q] = dists[q - 1];
        ids[q] = ids[q - 1];
      }
      dists[q] = dist;
      ids[q] = id;
    }
  }
}

/**
 * Compares every pair (i, j ≥ i) whose first row lies in tiles [fromTile, toTile), each pair once
 * (‖a‖² + ‖b‖² − 2 a·b), and offers it to both rows' lists, tile by tile for cache reuse. The
 * kernel measures a row against a tile's rows per call, bit for bit as the JS loop did (four
 * independent sums in the dot product), and hands back only the pairs that may enter a list. A pair's distance does not depend on which call measures
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
  const n = padded.n;
  const { k, dist: bestD } = lists;
  const { pairs: near, out: nearD, worst } = kernel;
  for (let i0 = fromTile * KNN_TILE; i0 < Math.min(n, toTile * KNN_TILE); i0 += KNN_TILE) {
    const i1 = Math.min(n, i0 + KNN_TILE);
    for (let j0 = i0; j0 < n; j0 += KNN_TILE) {
      const j1 = Math.min(n, j0 + KNN_TILE);
      for (let i = i0; i < i1; i++) {
        // The kernel passes only the pairs within either row's bound as it stood; bounds only
        // fall, so this loop, testing each against the lists as they are now, offers exactly
        // what a test of every pair would.
        const count = kernel.candidates(i, j0 === i0 ? i + 1 : j0, j1);
        for (let c = 0; c < count; c++) {
          const j = near[c];
          const dist = nearD[c];
          if (dist <= bestD[i * k]) {
            offerToHeap(lists, i, dist, j);
            worst[i] = bestD[i * k];
          }
          if (dist <= bestD[j * k]) {
            offerToHeap(lists, j, dist, i);
            worst[j] = bestD[j * k];
          }
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
/** Sorts each thread's heaps, then merges them when there are several. */
const MERGE = 1;
/** Rows per merge task. */
const MERGE_ROWS = 512;

/**
 * Brute-force k-nearest neighbours as tasks (see tasks.ts): each of `members` threads compares
 * the tile rows it claims into its own lists, then the lists are sorted and merged row by row. The merge
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
  private readonly kernel: KernelPerRun;

  constructor(
    private readonly n: number,
    private readonly d: number,
    k: number,
    members: number,
    member: number,
    memory: Allocator = plainMemory,
  ) {
    const stride = paddedStride(d);
    this.padded = { n, stride, rows: memory.float32(n * stride), norms: memory.float64(n) };
    this.lists = Array.from({ length: members }, () => rankedLists(n, k, memory));
    this.merged = members > 1 ? rankedLists(n, k, memory) : this.lists[0];
    this.version = memory.int32(1);
    const { rows, norms } = this.padded;
    this.kernel = new KernelPerRun(() => new RowDistances(rows, n, stride, KNN_TILE, norms));
    const own = this.lists[member];
    this.handlers = [
      (task) =>
        compareTileRows(this.padded, this.kernel.forRun(this.version[0]), task, task + 1, own),
      (task) => {
        const from = task * MERGE_ROWS;
        const to = Math.min(n, (task + 1) * MERGE_ROWS);
        for (const lists of this.lists) sortRankedRows(lists, from, to);
        if (this.lists.length > 1) mergeRankedLists(this.lists, from, to, this.merged);
      },
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
    runner.run(MERGE, Math.ceil(n / MERGE_ROWS));
    return finishedList(this.merged, n);
  }
}
