import { BoundedHeaps, clearHeaps, createHeaps, heapPush, sortHeapRow } from './boundedHeap';
import type { NeighborGraph } from './knn';
import { randomInt, RandomSource, seededRandom } from './random';
import { buildRpTree } from './rpTree';

export interface ApproxKnnOptions {
  /** Seed of every random choice (trees, sampling); same seed, same graph. Default 0. */
  seed?: number;
  /** Random-projection trees for the initial graph. Default `min(32, 5 + round(√n / 20))`. */
  trees?: number;
  /** Upper bound on NN-descent rounds (it stops earlier once the graph settles). Default `max(5, round(log2 n))`. */
  iterations?: number;
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
 */
export function approxKnn(data: Float32Array, n: number, d: number, k: number, options: ApproxKnnOptions = {}): NeighborGraph {
  if (data.length !== n * d) throw new Error(`approxKnn: expected ${n * d} values, got ${data.length}`);
  if (k < 1 || k >= n) throw new Error(`approxKnn: k=${k} needs 1 <= k < n=${n}`);
  const random = seededRandom(options.seed ?? 0);
  const trees = options.trees ?? Math.min(32, 5 + Math.round(Math.sqrt(n) / 20));
  const iterations = options.iterations ?? Math.max(5, Math.round(Math.log2(n)));

  const graph = createHeaps(n, k, true);
  const distance = (a: number, b: number) => squaredDistance(data, d, a, b);
  initialiseFromTrees(data, n, d, k, trees, graph, distance, random);
  fillWithRandomRows(n, k, graph, distance, random);
  nnDescent(n, k, iterations, graph, distance, random);

  const indices = new Int32Array(n * k);
  const distances = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    sortHeapRow(graph, i);
    for (let p = 0; p < k; p++) {
      indices[i * k + p] = graph.ids[i * k + p];
      distances[i * k + p] = Math.sqrt(graph.keys[i * k + p]);
    }
  }
  return { n, k, indices, distances };
}

type Distance = (a: number, b: number) => number;

function squaredDistance(data: Float32Array, d: number, a: number, b: number): number {
  const oa = a * d;
  const ob = b * d;
  let s = 0;
  for (let t = 0; t < d; t++) {
    const diff = data[oa + t] - data[ob + t];
    s += diff * diff;
  }
  return s;
}

/** Every pair of rows sharing a leaf in any tree is compared once per tree. */
function initialiseFromTrees(
  data: Float32Array,
  n: number,
  d: number,
  k: number,
  trees: number,
  graph: BoundedHeaps,
  distance: Distance,
  random: RandomSource,
): void {
  const leafSize = Math.max(10, k);
  for (let t = 0; t < trees; t++) {
    const { order, starts } = buildRpTree(data, n, d, leafSize, random);
    for (let l = 0; l + 1 < starts.length; l++) {
      for (let p = starts[l]; p < starts[l + 1]; p++) {
        const a = order[p];
        for (let q = p + 1; q < starts[l + 1]; q++) {
          const b = order[q];
          const dist = distance(a, b);
          heapPush(graph, a, dist, b, 1);
          heapPush(graph, b, dist, a, 1);
        }
      }
    }
  }
}

/** Rows whose trees gave them fewer than k leaf-mates get random rows for the empty slots. */
function fillWithRandomRows(n: number, k: number, graph: BoundedHeaps, distance: Distance, random: RandomSource): void {
  for (let i = 0; i < n; i++) {
    let empty = 0;
    for (let p = 0; p < k; p++) if (graph.ids[i * k + p] < 0) empty++;
    while (empty > 0) {
      const j = randomInt(random, n);
      if (j !== i && heapPush(graph, i, distance(i, j), j, 1)) empty--;
    }
  }
}

function nnDescent(n: number, k: number, iterations: number, graph: BoundedHeaps, distance: Distance, random: RandomSource): void {
  const candidates = Math.min(MAX_CANDIDATES, n - 1);
  const fresh = createHeaps(n, candidates, false);
  const old = createHeaps(n, candidates, false);
  for (let round = 0; round < iterations; round++) {
    sampleCandidates(n, k, graph, fresh, old, random);
    const updates = localJoin(n, graph, fresh, old, distance);
    if (updates <= CONVERGENCE_DELTA * n * k) break;
  }
}

/**
 * Fills `fresh` and `old` with up to `candidates` neighbours per row, forward and reverse, keeping
 * those with the smallest random priorities. Sampled new neighbours are then marked old so that
 * later rounds only join pairs involving something that changed.
 */
function sampleCandidates(n: number, k: number, graph: BoundedHeaps, fresh: BoundedHeaps, old: BoundedHeaps, random: RandomSource): void {
  clearHeaps(fresh);
  clearHeaps(old);
  const { ids, flags } = graph;
  const isNew = flags as Uint8Array;
  for (let i = 0; i < n; i++) {
    for (let p = i * k; p < i * k + k; p++) {
      const j = ids[p];
      if (j < 0) continue;
      const priority = random();
      const target = isNew[p] ? fresh : old;
      heapPush(target, i, priority, j, 0);
      heapPush(target, j, priority, i, 0);
    }
  }
  const size = fresh.size;
  for (let i = 0; i < n; i++) {
    for (let p = i * k; p < i * k + k; p++) {
      if (!isNew[p]) continue;
      const j = ids[p];
      for (let c = i * size; c < i * size + size; c++) {
        if (fresh.ids[c] === j) {
          isNew[p] = 0;
          break;
        }
      }
    }
  }
}

/** Compares new candidates with each other and with old ones; returns how many lists improved. */
function localJoin(n: number, graph: BoundedHeaps, fresh: BoundedHeaps, old: BoundedHeaps, distance: Distance): number {
  const size = fresh.size;
  const { keys } = graph;
  const k = graph.size;
  let updates = 0;
  for (let i = 0; i < n; i++) {
    const base = i * size;
    for (let p = base; p < base + size; p++) {
      const a = fresh.ids[p];
      if (a < 0) continue;
      for (let q = p + 1; q < base + size; q++) {
        const b = fresh.ids[q];
        if (b < 0) continue;
        updates += tryPair(graph, keys, k, a, b, distance);
      }
      for (let q = base; q < base + size; q++) {
        const b = old.ids[q];
        if (b < 0 || b === a) continue;
        updates += tryPair(graph, keys, k, a, b, distance);
      }
    }
  }
  return updates;
}

function tryPair(graph: BoundedHeaps, keys: Float32Array, k: number, a: number, b: number, distance: Distance): number {
  const dist = distance(a, b);
  // Cheap rejection before the heaps' duplicate scans: both lists already hold closer rows.
  if (dist >= keys[a * k] && dist >= keys[b * k]) return 0;
  let changed = 0;
  if (heapPush(graph, a, dist, b, 1)) changed++;
  if (heapPush(graph, b, dist, a, 1)) changed++;
  return changed;
}
