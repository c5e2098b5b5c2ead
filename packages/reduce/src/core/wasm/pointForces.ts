import { growTo, instantiator, type WasmMemory } from './module';
import { POINT_FORCES_WASM } from './pointForces.generated';

/** pointForces.wat (about 1 kB), compiled once per thread. */
const newKernel = instantiator<PointForcesExports>(POINT_FORCES_WASM);

type ForcesFunction = (
  points: number,
  count: number,
  sources: number,
  end: number,
  out: number,
) => void;

interface PointForcesExports {
  memory: WasmMemory;
  forces2: ForcesFunction;
  forces3: ForcesFunction;
}

/**
 * The Barnes-Hut repulsion's per-point loops in WebAssembly SIMD (pointForces.wat), one per
 * thread: a walk writes a group's interaction list into `sources` (in the module's memory, so
 * nothing is copied), and `group` runs every member of the group over it, four points at a time.
 * The forces and sums are the same bytes as the one-point-at-a-time JS loop's.
 */
export class PointForces {
  /** Room for one group's list as (position, mass), dims + 1 values a source. */
  readonly sources: Float64Array;
  private readonly forces: ForcesFunction;
  private readonly points: Float64Array;
  private readonly results: Float64Array;
  private readonly pointsAt: number;
  private readonly resultsAt: number;

  /** For groups of `n` points at most, and lists of every point and node of a tree over them. */
  constructor(
    n: number,
    private readonly dims: 2 | 3,
  ) {
    const kernel = newKernel();
    this.forces = dims === 2 ? kernel.forces2 : kernel.forces3;
    // A tree over n points has fewer than 2n nodes; a list holds each at most once.
    const sourceValues = (dims + 1) * (3 * n + 1);
    // Groups are padded to a multiple of 4 points.
    const points = n + 3;
    this.pointsAt = sourceValues * 8;
    this.resultsAt = this.pointsAt + points * dims * 8;
    growTo(kernel.memory, this.resultsAt + points * (dims + 1) * 8);
    const memory = kernel.memory.buffer;
    this.sources = new Float64Array(memory, 0, sourceValues);
    this.points = new Float64Array(memory, this.pointsAt, points * dims);
    this.results = new Float64Array(memory, this.resultsAt, points * (dims + 1));
  }

  /**
   * The repulsion Σ m w² (y_p − s) on the sorted points [a, b) from the first `len` values of
   * `sources`, written to `out` in input order (`order`: sorted position → input row); returns
   * Σ m w over them, summed point after point.
   */
  group(
    sorted: Float64Array,
    order: Int32Array,
    a: number,
    b: number,
    len: number,
    out: Float64Array,
  ): number {
    const { dims, points, results } = this;
    const count = b - a;
    const padded = (count + 3) & ~3;
    points.set(sorted.subarray(dims * a, dims * b));
    // The padding repeats the last point; its results are not read.
    for (let c = count * dims; c < padded * dims; c++) points[c] = points[c - dims];
    this.forces(this.pointsAt, padded, 0, len * 8, this.resultsAt);
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
