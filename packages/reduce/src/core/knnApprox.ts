import { BoundedHeaps, createHeaps, heapPush, sortHeapRow } from './boundedHeap';
import type { NeighborGraph } from './knn';
import { randomInt, RandomSource, seededRandom } from './random';
import { buildRpTree } from './rpTree';

export interface ApproxKnnOptions {
  /** Seed of every random choice (trees, sampling); same seed, same graph. Default 0. */
  seed?: number;
  /** Random-projection trees for the initial graph. Default `min(16, 4 + round(√n / 50))`. */
  trees?: number;
  /** Upper bound on NN-descent rounds (it stops earlier once the graph settles). Default `max(5, round(log2 n))`. */
  iterations?: number;
  candidates?: number;
}

/** Stop when a round improves fewer than this fraction of the n·k neighbour slots. */
const CONVERGENCE_DELTA = 0.001;
/** Sampled candidates per row and round (pynndescent's `max_candidates` as UMAP sets it). */
const MAX_CANDIDATES = 60;

/**
 * Approximate k-nearest neighbours (Euclidean, self excluded, nearest first): a forest of
 * random-projection trees seeds every row's list with its leaf-mates, then NN-descent
 * (Dong, Moses & Li 2011) repeatedly tries each row's neighbours' neighbours, sampling new and
 * old candidates so that pairs already compared are not compared again.
 *
 * The work runs on a copy of the rows reordered leaf by leaf along the first tree, so that rows
 * compared together mostly sit close in memory, and padded to a multiple of 4 values so the
 * distance loop can keep four independent sums.
 */
export function approxKnn(
  data: Float32Array,
  n: number,
  d: number,
  k: number,
  options: ApproxKnnOptions = {},
): NeighborGraph {
  if (data.length !== n * d)
    throw new Error(`approxKnn: expected ${n * d} values, got ${data.length}`);
  if (k < 1 || k >= n) throw new Error(`approxKnn: k=${k} needs 1 <= k < n=${n}`);
  // A NaN distance is never accepted into a list, so the random fill below would never finish.
  for (let v = 0; v < data.length; v++)
    if (!Number.isFinite(data[v])) throw new Error(`approxKnn: value ${v} is not finite`);
  const random = seededRandom(options.seed ?? 0);
  const trees = Math.max(1, options.trees ?? defaultTrees(n));
  const iterations = options.iterations ?? Math.max(5, Math.round(Math.log2(n)));
  const leafSize = Math.max(10, k);

  const first = buildRpTree(data, n, d, leafSize, random);
  const order = first.order;
  const stride = Math.ceil(d / 4) * 4;
  const rows = new Float32Array(n * stride);
  for (let p = 0; p < n; p++) rows.set(data.subarray(order[p] * d, order[p] * d + d), p * stride);
  const distance = (a: number, b: number) => squaredDistance(rows, stride, a, b);

  const graph = createHeaps(n, k, true);
  // In the reordered copy the first tree's leaves are contiguous ranges of positions.
  joinLeaves(identityOrder(n), first.starts, graph, distance);
  for (let t = 1; t < trees; t++) {
    const tree = buildRpTree(rows, n, stride, leafSize, random);
    joinLeaves(tree.order, tree.starts, graph, distance);
  }
  fillWithRandomRows(n, k, graph, distance, random);
  nnDescent(n, k, iterations, graph, distance, random, options.candidates ?? MAX_CANDIDATES);

  const indices = new Int32Array(n * k);
  const distances = new Float32Array(n * k);
  for (let p = 0; p < n; p++) {
    sortHeapRow(graph, p);
    const out = order[p] * k;
    for (let q = 0; q < k; q++) {
      indices[out + q] = order[graph.ids[p * k + q]];
      distances[out + q] = Math.sqrt(graph.keys[p * k + q]);
    }
  }
  return { n, k, indices, distances };
}

/**
 * pynndescent uses min(32, 5 + round(√n / 20)) trees; NN-descent recovers the same final recall
 * from fewer, and trees cost as much as a descent round, so this grows more slowly.
 */
function defaultTrees(n: number): number {
  return Math.min(16, 4 + Math.round(Math.sqrt(n) / 50));
}

type Distance = (a: number, b: number) => number;

function identityOrder(n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}

function squaredDistance(rows: Float32Array, stride: number, a: number, b: number): number {
  const oa = a * stride;
  const ob = b * stride;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let t = 0; t < stride; t += 4) {
    const d0 = rows[oa + t] - rows[ob + t];
    const d1 = rows[oa + t + 1] - rows[ob + t + 1];
    const d2 = rows[oa + t + 2] - rows[ob + t + 2];
    const d3 = rows[oa + t + 3] - rows[ob + t + 3];
    s0 += d0 * d0;
    s1 += d1 * d1;
    s2 += d2 * d2;
    s3 += d3 * d3;
  }
  return s0 + s1 + s2 + s3;
}

/** Every pair of rows sharing a leaf is compared. */
function joinLeaves(
  order: Int32Array,
  starts: Int32Array,
  graph: BoundedHeaps,
  distance: Distance,
): void {
  for (let l = 0; l + 1 < starts.length; l++) {
    const end = starts[l + 1];
    for (let p = starts[l]; p < end; p++) {
      const a = order[p];
      for (let q = p + 1; q < end; q++) {
        const b = order[q];
        const dist = distance(a, b);
        heapPush(graph, a, dist, b, 1);
        heapPush(graph, b, dist, a, 1);
      }
    }
  }
}

/** Rows whose trees gave them fewer than k leaf-mates get random rows for the empty slots. */
function fillWithRandomRows(
  n: number,
  k: number,
  graph: BoundedHeaps,
  distance: Distance,
  random: RandomSource,
): void {
  for (let i = 0; i < n; i++) {
    let empty = 0;
    for (let p = 0; p < k; p++) if (graph.ids[i * k + p] < 0) empty++;
    while (empty > 0) {
      const j = randomInt(random, n);
      if (j !== i && heapPush(graph, i, distance(i, j), j, 1)) empty--;
    }
  }
}

function nnDescent(
  n: number,
  k: number,
  iterations: number,
  graph: BoundedHeaps,
  distance: Distance,
  random: RandomSource,
  maxCandidates: number,
): void {
  const capacity = Math.min(maxCandidates, n - 1);
  const fresh = createCandidateLists(n, capacity);
  const old = createCandidateLists(n, capacity);
  const stamp = new Int32Array(n);
  for (let round = 0; round < iterations; round++) {
    sampleCandidates(n, k, graph, fresh, old, stamp, random);
    const updates = localJoin(n, graph, fresh, old, distance);
    if (updates <= CONVERGENCE_DELTA * n * k) break;
  }
}

/** Up to `capacity` candidate rows per row: row i's are `ids[i*capacity ..][0 .. count[i])`. */
interface CandidateLists {
  capacity: number;
  ids: Int32Array;
  count: Int32Array;
  /** Distinct rows offered so far, for reservoir sampling once the list is full. */
  offered: Int32Array;
}

function createCandidateLists(n: number, capacity: number): CandidateLists {
  return {
    capacity,
    ids: new Int32Array(n * capacity),
    count: new Int32Array(n),
    offered: new Int32Array(n),
  };
}

/** Adds `id` to row's list unless present; once full, keeps a uniform sample (reservoir sampling). */
function offerCandidate(
  lists: CandidateLists,
  row: number,
  id: number,
  random: RandomSource,
): void {
  const { capacity, ids, count, offered } = lists;
  const base = row * capacity;
  const filled = count[row];
  for (let c = base; c < base + filled; c++) if (ids[c] === id) return;
  const seen = ++offered[row];
  if (filled < capacity) {
    ids[base + filled] = id;
    count[row] = filled + 1;
  } else {
    const slot = randomInt(random, seen);
    if (slot < capacity) ids[base + slot] = id;
  }
}

/**
 * Fills `fresh` and `old` with a random sample of each row's neighbours, forward and reverse,
 * split by their "new" mark. Sampled new neighbours are then marked old, so later rounds only
 * join pairs in which something changed.
 */
function sampleCandidates(
  n: number,
  k: number,
  graph: BoundedHeaps,
  fresh: CandidateLists,
  old: CandidateLists,
  stamp: Int32Array,
  random: RandomSource,
): void {
  for (const lists of [fresh, old]) {
    lists.count.fill(0);
    lists.offered.fill(0);
  }
  const { ids } = graph;
  const isNew = graph.flags as Uint8Array;
  for (let i = 0; i < n; i++) {
    for (let p = i * k; p < i * k + k; p++) {
      const j = ids[p];
      if (j < 0) continue;
      const lists = isNew[p] ? fresh : old;
      offerCandidate(lists, i, j, random);
      offerCandidate(lists, j, i, random);
    }
  }
  stamp.fill(-1);
  const capacity = fresh.capacity;
  for (let i = 0; i < n; i++) {
    for (let c = i * capacity; c < i * capacity + fresh.count[i]; c++) stamp[fresh.ids[c]] = i;
    for (let p = i * k; p < i * k + k; p++) if (isNew[p] && stamp[ids[p]] === i) isNew[p] = 0;
  }
}

/** Compares new candidates with each other and with old ones; returns how many lists improved. */
function localJoin(
  n: number,
  graph: BoundedHeaps,
  fresh: CandidateLists,
  old: CandidateLists,
  distance: Distance,
): number {
  const capacity = fresh.capacity;
  const { keys } = graph;
  const k = graph.size;
  let updates = 0;
  for (let i = 0; i < n; i++) {
    const base = i * capacity;
    const freshEnd = base + fresh.count[i];
    const oldEnd = base + old.count[i];
    for (let p = base; p < freshEnd; p++) {
      const a = fresh.ids[p];
      for (let q = p + 1; q < freshEnd; q++)
        updates += tryPair(graph, keys, k, a, fresh.ids[q], distance);
      for (let q = base; q < oldEnd; q++) {
        const b = old.ids[q];
        if (b !== a) updates += tryPair(graph, keys, k, a, b, distance);
      }
    }
  }
  return updates;
}

function tryPair(
  graph: BoundedHeaps,
  keys: Float32Array,
  k: number,
  a: number,
  b: number,
  distance: Distance,
): number {
  const dist = distance(a, b);
  // Cheap rejection before the heaps' duplicate scans: both lists already hold closer rows.
  if (dist >= keys[a * k] && dist >= keys[b * k]) return 0;
  let changed = 0;
  if (heapPush(graph, a, dist, b, 1)) changed++;
  if (heapPush(graph, b, dist, a, 1)) changed++;
  return changed;
}
