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
    for (let i = 0; i < n; i++) {
      let key = 0;
      for (let t = 0; t < dims; t++) {
        const q = Math.min(top, Math.floor((coords[i * dims + t] - lo[t]) * scale));
        key |= (dims === 2 ? spread2(q) : spread3(q)) << t;
      }
      this.keys[i] = key >>> 0;
      this.order[i] = i;
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

  /** Builds the subtree of sorted points [start, end) and returns its root. */
  private buildNode(start: number, end: number): number {
    const dims = this.dims;
    const stride = this.stride;
    const node = this.size++;
    const o = node * stride;
    const count = end - start;
    const first = this.keys[start];
    const last = this.keys[end - 1];
    for (let t = 0; t < dims; t++) this.record[o + t] = 0;
    const b = node * 2 * dims;
    for (let t = 0; t < dims; t++) {
      this.box[b + t] = Infinity;
      this.box[b + dims + t] = -Infinity;
    }
    if (count <= LEAF_SIZE || first === last) {
      this.leafStart[node] = start;
      for (let s = start; s < end; s++) {
        for (let t = 0; t < dims; t++) {
          const v = this.sorted[s * dims + t];
          this.record[o + t] += v;
          if (v < this.box[b + t]) this.box[b + t] = v;
          if (v > this.box[b + dims + t]) this.box[b + dims + t] = v;
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
        const octant = (this.keys[s] >>> shift) & mask;
        let e = s + 1;
        while (e < end && ((this.keys[e] >>> shift) & mask) === octant) e++;
        const child = this.buildNode(s, e);
        for (let t = 0; t < dims; t++) {
          this.record[o + t] += this.record[child * stride + t] * (e - s);
          const cb = child * 2 * dims;
          if (this.box[cb + t] < this.box[b + t]) this.box[b + t] = this.box[cb + t];
          if (this.box[cb + dims + t] > this.box[b + dims + t])
            this.box[b + dims + t] = this.box[cb + dims + t];
        }
        s = e;
      }
    }
    for (let t = 0; t < dims; t++) this.record[o + t] /= count;
    this.record[o + dims] = count;
    let side = 0;
    for (let t = 0; t < dims; t++) side = Math.max(side, this.box[b + dims + t] - this.box[b + t]);
    this.record[o + dims + 1] = this.theta2 > 0 ? (side * side) / this.theta2 : Infinity;
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
