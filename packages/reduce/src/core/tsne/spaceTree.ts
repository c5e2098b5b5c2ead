/**
 * A Barnes-Hut space-partitioning tree over 2-D or 3-D points (quadtree / octree) in flat typed
 * arrays, rebuilt in place every iteration so no per-node objects are ever allocated.
 * Children of a node are contiguous: `firstChild[node] + c` for c in [0, 2^dims).
 */
export class SpaceTree {
  readonly dims: number;
  readonly fanout: number;
  /** Nodes in use; node 0 is the root. */
  size = 0;
  firstChild: Int32Array;
  /** Points in the subtree (duplicates included). */
  count: Float64Array;
  /** Centre of mass, `dims` values per node. */
  com: Float64Array;
  /** Geometric centre of the cell, `dims` values per node. */
  centre: Float64Array;
  halfWidth: Float64Array;
  /** The point stored in a leaf, or -1. */
  point: Int32Array;
  /** The leaf that holds each point (near-duplicates share a leaf). */
  leafOf: Int32Array;

  constructor(dims: number, expectedPoints: number) {
    this.dims = dims;
    this.fanout = 1 << dims;
    const cap = Math.max(16, 2 * expectedPoints * (dims === 2 ? 2 : 3));
    this.firstChild = new Int32Array(cap);
    this.count = new Float64Array(cap);
    this.com = new Float64Array(cap * dims);
    this.centre = new Float64Array(cap * dims);
    this.halfWidth = new Float64Array(cap);
    this.point = new Int32Array(cap);
    this.leafOf = new Int32Array(expectedPoints);
  }

  /** Rebuilds the tree over `n` points stored row-major in `coords`. */
  build(coords: Float64Array, n: number): void {
    const dims = this.dims;
    const lo = new Float64Array(dims).fill(Infinity);
    const hi = new Float64Array(dims).fill(-Infinity);
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < dims; t++) {
        const v = coords[i * dims + t];
        if (v < lo[t]) lo[t] = v;
        if (v > hi[t]) hi[t] = v;
      }
    }
    let half = 0;
    for (let t = 0; t < dims; t++) half = Math.max(half, (hi[t] - lo[t]) / 2);
    // A little slack keeps the extreme points strictly inside the root cell.
    half = half * (1 + 1e-6) + 1e-12;
    if (this.leafOf.length < n) this.leafOf = new Int32Array(n);
    this.size = 0;
    const root = this.allocate(1);
    for (let t = 0; t < dims; t++) this.centre[root * dims + t] = (lo[t] + hi[t]) / 2;
    this.halfWidth[root] = half;
    // Below this cell size two points are treated as one position (exact or near duplicates).
    const minHalf = half * 1e-12;
    for (let i = 0; i < n; i++) this.insert(coords, i, minHalf);
  }

  private allocate(howMany: number): number {
    const start = this.size;
    if (start + howMany > this.firstChild.length) this.grow(start + howMany);
    for (let c = start; c < start + howMany; c++) {
      this.firstChild[c] = -1;
      this.count[c] = 0;
      this.point[c] = -1;
    }
    this.size += howMany;
    return start;
  }

  private grow(needed: number): void {
    const cap = Math.max(needed, this.firstChild.length * 2);
    const dims = this.dims;
    const resize = <T extends Int32Array | Float64Array>(a: T, per: number): T => {
      const b = new (a.constructor as { new (len: number): T })(cap * per);
      b.set(a);
      return b;
    };
    this.firstChild = resize(this.firstChild, 1);
    this.count = resize(this.count, 1);
    this.com = resize(this.com, dims);
    this.centre = resize(this.centre, dims);
    this.halfWidth = resize(this.halfWidth, 1);
    this.point = resize(this.point, 1);
  }

  private childFor(node: number, coords: Float64Array, i: number): number {
    const dims = this.dims;
    let c = 0;
    for (let t = 0; t < dims; t++) {
      if (coords[i * dims + t] > this.centre[node * dims + t]) c |= 1 << t;
    }
    return this.firstChild[node] + c;
  }

  private addMass(node: number, coords: Float64Array, i: number): void {
    const dims = this.dims;
    const m = this.count[node] + 1;
    for (let t = 0; t < dims; t++) {
      const o = node * dims + t;
      this.com[o] += (coords[i * dims + t] - this.com[o]) / m;
    }
    this.count[node] = m;
  }

  private insert(coords: Float64Array, i: number, minHalf: number): void {
    const dims = this.dims;
    let node = 0;
    for (;;) {
      if (this.firstChild[node] === -1) {
        if (this.count[node] === 0) {
          this.point[node] = i;
          for (let t = 0; t < dims; t++) this.com[node * dims + t] = coords[i * dims + t];
          this.count[node] = 1;
          this.leafOf[i] = node;
          return;
        }
        if (this.halfWidth[node] <= minHalf) {
          this.addMass(node, coords, i);
          this.leafOf[i] = node;
          return;
        }
        this.split(node, coords);
      }
      this.addMass(node, coords, i);
      node = this.childFor(node, coords, i);
    }
  }

  /** Turns an occupied leaf into an internal node and pushes its point(s) down one level. */
  private split(node: number, coords: Float64Array): void {
    const dims = this.dims;
    const first = this.allocate(this.fanout);
    this.firstChild[node] = first;
    const h = this.halfWidth[node] / 2;
    for (let c = 0; c < this.fanout; c++) {
      const child = first + c;
      this.halfWidth[child] = h;
      for (let t = 0; t < dims; t++) {
        this.centre[child * dims + t] = this.centre[node * dims + t] + ((c >> t) & 1 ? h : -h);
      }
    }
    const p = this.point[node];
    this.point[node] = -1;
    const child = this.childFor(node, coords, p);
    this.point[child] = p;
    this.leafOf[p] = child;
    this.count[child] = this.count[node];
    for (let t = 0; t < dims; t++) this.com[child * dims + t] = this.com[node * dims + t];
  }
}
