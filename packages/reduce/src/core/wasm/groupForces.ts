import type { TreeArrays } from '../tsne/spaceTree';
import { growTo, instantiator, type WasmMemory } from './module';
import { GROUP_FORCES_WASM } from './groupForces.generated';

/** groupForces.wat (about 2 kB), compiled once per thread. */
const newKernel = instantiator<GroupForcesExports>(GROUP_FORCES_WASM);

type WalkFunction = (
  a: number,
  b: number,
  size: number,
  record: number,
  skip: number,
  leaf: number,
  sorted: number,
  out: number,
) => number;

type ForcesFunction = (
  points: number,
  count: number,
  sources: number,
  end: number,
  out: number,
) => void;

interface GroupForcesExports {
  memory: WasmMemory;
  walk2: WalkFunction;
  walk3: WalkFunction;
  forces2: ForcesFunction;
  forces3: ForcesFunction;
}

/**
 * The Barnes-Hut repulsion of walking groups in WebAssembly SIMD (groupForces.wat), one per
 * thread, on its own copy of the tree (`load`, once per tree: at 70,000 points in 2-D about
 * 6 MB): for a group, one walk lists the cells far enough from the group's bounding box and the
 * points of the leaves it opens, and each member runs over that list, four points at a time.
 * The lists, forces and sums are the same bytes as the JS walk's and one-point loop's were.
 */
export class GroupForces {
  private readonly walk: WalkFunction;
  private readonly forces: ForcesFunction;
  private readonly results: Float64Array;
  private readonly record: Float64Array;
  private readonly skip: Int32Array;
  private readonly leaf: Int32Array;
  private readonly sorted: Float64Array;
  private readonly recordAt: number;
  private readonly skipAt: number;
  private readonly leafAt: number;
  private readonly sortedAt: number;
  private readonly sourcesAt: number;
  private readonly resultsAt: number;
  private size = 0;

  /** For trees over `n` points at most. */
  constructor(
    n: number,
    private readonly dims: 2 | 3,
  ) {
    const kernel = newKernel();
    this.walk = dims === 2 ? kernel.walk2 : kernel.walk3;
    this.forces = dims === 2 ? kernel.forces2 : kernel.forces3;
    // A tree over n points has fewer than 2n nodes (SpaceTree); a list holds each at most once.
    const nodes = 2 * n + 1;
    // Groups go four points at a time: the last may read 3 points past the end.
    const points = n + 3;
    this.recordAt = 0;
    this.sortedAt = nodes * (dims + 2) * 8;
    this.sourcesAt = this.sortedAt + points * dims * 8;
    this.resultsAt = this.sourcesAt + (3 * n + 1) * (dims + 1) * 8;
    this.skipAt = this.resultsAt + points * (dims + 1) * 8;
    this.leafAt = this.skipAt + nodes * 4;
    growTo(kernel.memory, this.leafAt + nodes * 4);
    const memory = kernel.memory.buffer;
    this.record = new Float64Array(memory, this.recordAt, nodes * (dims + 2));
    this.sorted = new Float64Array(memory, this.sortedAt, n * dims);
    this.results = new Float64Array(memory, this.resultsAt, points * (dims + 1));
    this.skip = new Int32Array(memory, this.skipAt, nodes);
    this.leaf = new Int32Array(memory, this.leafAt, nodes);
  }

  /** Copies in the tree the next calls of `group` walk. */
  load(tree: TreeArrays): void {
    const { size, dims } = tree;
    this.size = size;
    this.record.set(tree.record.subarray(0, size * (dims + 2)));
    this.skip.set(tree.skip.subarray(0, size));
    this.leaf.set(tree.leafStart.subarray(0, size));
    this.sorted.set(tree.sorted.subarray(0, this.sorted.length));
  }

  /**
   * The repulsion Σ m w² (y_p − s) on the sorted points [a, b) of the loaded tree, written to
   * `out` in input order (`order`: sorted position → input row); returns Σ m w over them, summed
   * point after point (each point's own w = 1 included).
   */
  group(a: number, b: number, order: Int32Array, out: Float64Array): number {
    const { dims, results, sortedAt, sourcesAt, resultsAt } = this;
    const end = this.walk(
      a,
      b,
      this.size,
      this.recordAt,
      this.skipAt,
      this.leafAt,
      sortedAt,
      sourcesAt,
    );
    const count = b - a;
    this.forces(sortedAt + a * dims * 8, (count + 3) & ~3, sourcesAt, end, resultsAt);
    const stride = dims + 1;
    let z = 0;
    for (let p = 0; p < count; p++) {
      const i = order[a + p] * dims;
      const r = p * stride;
      out[i] = results[r];
      out[i + 1] = results[r + 1];
      if (dims === 3) out[i + 2] = results[r + 2];
      z += results[r + dims];
    }
    return z;
  }
}
