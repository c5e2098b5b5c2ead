import { plainMemory, type Allocator } from '../memory';

/** Points a leaf holds before it is split; leaves are walked point by point when opened. */
const LEAF_SIZE = 4;

/** The parts of a built tree that a force computation reads (see `repulsiveForces`). */
export interface TreeArrays {
  dims: 2 | 3;
  /** Nodes in use. */
  size: number;
  /** Per node: centre of mass (dims), point count, opening distance² (see `SpaceTree.build`). */
  record: Float64Array;
  /** The node after each node's subtree. */
  skip: Int32Array;
  /** First sorted position of a leaf's points, or -1 for an internal node. */
  leafStart: Int32Array;
  /** Coordinates in sorted order, `dims` per point. */
  sorted: Float64Array;
  /** Sorted position → input row. */
  order: Int32Array;
}

/**
 * A Barnes-Hut tree (quadtree in 2-D, octree in 3-D) rebuilt every iteration in flat typed arrays.
 *
 * The points are sorted by their Morton (Z-order) code, so every node is a contiguous run of
 * sorted points and the node's cell is the smallest Morton cell holding the run (chains of
 * one-child cells are never created). Nodes are stored in depth-first pre-order with
 * `skip[node]` = the node after its subtree: a traversal descends with `node + 1` and prunes with
 * `skip[node]`, needs no stack, and reads memory mostly forwards. Processing the points in the
 * same sorted order makes consecutive traversals touch the same nodes.
 *
 * Every array is allocated once, for `capacity` points: each node of more than one point has at
 * least two children and every leaf holds a point, so there are fewer than 2 × capacity nodes.
 * Allocated in shared memory, the arrays of `TreeArrays` keep their identity across rebuilds, so
 * other threads can hold views on them.
 */
export class SpaceTree implements TreeArrays {
  readonly dims: 2 | 3;
  /** Morton bits per dimension (2 × 16 or 3 × 10 fit a 32-bit code). */
  private readonly bits: number;
  /** Values per node in `record`: centre of mass (dims), point count, opening distance². */
  private readonly stride: number;
  size = 0;
  readonly order: Int32Array;
  readonly sorted: Float64Array;
  readonly record: Float64Array;
  readonly skip: Int32Array;
  readonly leafStart: Int32Array;
  private readonly keys: Uint32Array;
  private readonly spareKeys: Uint32Array;
  private readonly spareOrder: Int32Array;
  private readonly histogram = new Int32Array(256 * 4);
  private theta2 = 0;
  /** Bounding box of each node's points (min per dim, then max per dim), used while building. */
  private readonly box: Float64Array;

  constructor(
    dims: 2 | 3,
    readonly capacity: number,
    memory: Allocator = plainMemory,
  ) {
    this.dims = dims;
    this.bits = dims === 2 ? 16 : 10;
    this.stride = dims + 2;
    const nodes = 2 * capacity + 1;
    this.order = memory.int32(capacity);
    this.sorted = memory.float64(capacity * dims);
    this.record = memory.float64(nodes * this.stride);
    this.skip = memory.int32(nodes);
    this.leafStart = memory.int32(nodes);
    this.keys = new Uint32Array(capacity);
    this.spareKeys = new Uint32Array(capacity);
    this.spareOrder = new Int32Array(capacity);
    this.box = new Float64Array(nodes * 2 * dims);
  }

  /**
   * Rebuilds the tree over `n` ≤ capacity points (row-major `coords`). A node whose points span
   * at most s along every axis (the longest side of their bounding box, which is never larger
   * than the node's quadtree cell) is summarised for points farther than s / theta from its
   * centre of mass; theta = 0 never summarises.
   */
  build(coords: Float64Array, n: number, theta: number): void {
    if (n > this.capacity)
      throw new Error(`SpaceTree: ${n} points exceed capacity ${this.capacity}`);
    this.theta2 = theta * theta;
    this.computeKeys(coords, n);
    this.sortByKey(n);
    const dims = this.dims;
    for (let s = 0; s < n; s++) {
      const src = this.order[s] * dims;
      for (let t = 0; t < dims; t++) this.sorted[s * dims + t] = coords[src + t];
    }
    this.size = 0;
    this.buildNode(0, n);
  }

  private computeKeys(coords: Float64Array, n: number): void {
    const dims = this.dims;
    const lo = [Infinity, Infinity, Infinity];
    let side = 0;
    for (let t = 0; t < dims; t++) {
      let hi = -Infinity;
      for (let i = 0; i < n; i++) {
        const v = coords[i * dims + t];
        if (v < lo[t]) lo[t] = v;
        if (v > hi) hi = v;
      }
      side = Math.max(side, hi - lo[t]);
    }
    // Slack keeps the largest coordinate inside the last Morton cell.
    side = side * (1 + 1e-9) + 1e-300;
    const cells = 1 << this.bits;
    const scale = cells / side;
    const top = cells - 1;
    const { keys, order } = this;
    const [lo0, lo1, lo2] = lo;
    // Written out per dimension (a third only in 3-D), as the walk in gradient.ts (issue 15).
    for (let i = 0; i < n; i++) {
      const c = dims * i;
      const q0 = Math.min(top, Math.floor((coords[c] - lo0) * scale));
      const q1 = Math.min(top, Math.floor((coords[c + 1] - lo1) * scale));
      if (dims === 3) {
        const q2 = Math.min(top, Math.floor((coords[c + 2] - lo2) * scale));
        keys[i] = (spread3(q0) | (spread3(q1) << 1) | (spread3(q2) << 2)) >>> 0;
      } else {
        keys[i] = (spread2(q0) | (spread2(q1) << 1)) >>> 0;
      }
      order[i] = i;
    }
  }

  /** LSD radix sort of (key, order) pairs, 8 bits a pass; the result lands in `keys` and `order`. */
  private sortByKey(n: number): void {
    const h = this.histogram;
    h.fill(0);
    for (let i = 0; i < n; i++) {
      const k = this.keys[i];
      h[k & 255]++;
      h[256 + ((k >>> 8) & 255)]++;
      h[512 + ((k >>> 16) & 255)]++;
      h[768 + (k >>> 24)]++;
    }
    let keys = this.keys;
    let order = this.order;
    let outKeys = this.spareKeys;
    let outOrder = this.spareOrder;
    for (let pass = 0; pass < 4; pass++) {
      const base = pass * 256;
      const shift = pass * 8;
      // A byte that is the same for every key leaves the order as it is.
      if (h[base + ((keys[0] >>> shift) & 255)] === n) continue;
      let sum = 0;
      for (let b = 0; b < 256; b++) {
        const c = h[base + b];
        h[base + b] = sum;
        sum += c;
      }
      for (let i = 0; i < n; i++) {
        const k = keys[i];
        const slot = h[base + ((k >>> shift) & 255)]++;
        outKeys[slot] = k;
        outOrder[slot] = order[i];
      }
      [keys, outKeys] = [outKeys, keys];
      [order, outOrder] = [outOrder, order];
    }
    // Other threads hold views on `order`: the sorted result must end up there, not in the spare.
    if (keys !== this.keys) {
      this.keys.set(keys.subarray(0, n));
      this.order.set(order.subarray(0, n));
    }
  }

  /**
   * Builds the subtree of sorted points [start, end) and returns its root. The sums and bounds
   * are kept in locals, 2-D and 3-D written out (a third coordinate only in 3-D), rather than
   * accumulated in the node's slots over loops of `dims`: the same sums in the same order, so the
   * same bytes; with computeKeys written out alike, a build takes 0.86–0.93× its time in 2-D and
   * 0.77–0.85× in 3-D (10,000 and 70,000 points, least of 30 interleaved with the old code, load
   * 8; issue 15).
   */
  private buildNode(start: number, end: number): number {
    const { dims, stride, record, box, sorted, keys } = this;
    const three = dims === 3;
    const node = this.size++;
    const o = node * stride;
    const count = end - start;
    const first = keys[start];
    const last = keys[end - 1];
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let lo0 = Infinity;
    let lo1 = Infinity;
    let lo2 = Infinity;
    let hi0 = -Infinity;
    let hi1 = -Infinity;
    let hi2 = -Infinity;
    if (count <= LEAF_SIZE || first === last) {
      this.leafStart[node] = start;
      for (let s = start; s < end; s++) {
        const v0 = sorted[s * dims];
        const v1 = sorted[s * dims + 1];
        s0 += v0;
        s1 += v1;
        if (v0 < lo0) lo0 = v0;
        if (v0 > hi0) hi0 = v0;
        if (v1 < lo1) lo1 = v1;
        if (v1 > hi1) hi1 = v1;
        if (three) {
          const v2 = sorted[s * dims + 2];
          s2 += v2;
          if (v2 < lo2) lo2 = v2;
          if (v2 > hi2) hi2 = v2;
        }
      }
    } else {
      this.leafStart[node] = -1;
      // The highest bit group where the run's keys differ splits it into child cells.
      const splitGroup = Math.floor((31 - Math.clz32(first ^ last)) / dims);
      const shift = splitGroup * dims;
      const mask = (1 << dims) - 1;
      let s = start;
      while (s < end) {
        const octant = (keys[s] >>> shift) & mask;
        let e = s + 1;
        while (e < end && ((keys[e] >>> shift) & mask) === octant) e++;
        const child = this.buildNode(s, e);
        const co = child * stride;
        const cb = child * 2 * dims;
        s0 += record[co] * (e - s);
        s1 += record[co + 1] * (e - s);
        if (box[cb] < lo0) lo0 = box[cb];
        if (box[cb + 1] < lo1) lo1 = box[cb + 1];
        if (box[cb + dims] > hi0) hi0 = box[cb + dims];
        if (box[cb + dims + 1] > hi1) hi1 = box[cb + dims + 1];
        if (three) {
          s2 += record[co + 2] * (e - s);
          if (box[cb + 2] < lo2) lo2 = box[cb + 2];
          if (box[cb + 5] > hi2) hi2 = box[cb + 5];
        }
        s = e;
      }
    }
    const b = node * 2 * dims;
    record[o] = s0 / count;
    record[o + 1] = s1 / count;
    box[b] = lo0;
    box[b + 1] = lo1;
    box[b + dims] = hi0;
    box[b + dims + 1] = hi1;
    let side = Math.max(hi0 - lo0, hi1 - lo1);
    if (three) {
      record[o + 2] = s2 / count;
      box[b + 2] = lo2;
      box[b + 5] = hi2;
      side = Math.max(side, hi2 - lo2);
    }
    record[o + dims] = count;
    record[o + dims + 1] = this.theta2 > 0 ? (side * side) / this.theta2 : Infinity;
    this.skip[node] = this.size;
    return node;
  }
}

/** The low 16 bits of v spread to the even bit positions. */
function spread2(v: number): number {
  v = (v | (v << 8)) & 0x00ff00ff;
  v = (v | (v << 4)) & 0x0f0f0f0f;
  v = (v | (v << 2)) & 0x33333333;
  return (v | (v << 1)) & 0x55555555;
}

/** The low 10 bits of v spread to every third bit position. */
function spread3(v: number): number {
  v = (v | (v << 16)) & 0x030000ff;
  v = (v | (v << 8)) & 0x0300f00f;
  v = (v | (v << 4)) & 0x030c30c3;
  return (v | (v << 2)) & 0x09249249;
}
