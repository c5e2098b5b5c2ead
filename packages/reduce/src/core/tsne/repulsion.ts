import { repulsiveForces } from './gradient';
import { SpaceTree } from './spaceTree';

/** A way to compute the repulsive half of the t-SNE gradient. */
export interface Repulsion {
  /** Writes Σ_j w_ij² (y_i − y_j) per point into `out` and returns Z = Σ_{i≠j} w_ij. */
  forces(coords: Float64Array, out: Float64Array): number;
}

/** Barnes-Hut repulsion over a tree that is rebuilt in place every call. */
export class BarnesHutRepulsion implements Repulsion {
  private readonly tree: SpaceTree;
  // Depth is bounded (cells stop splitting at 1e-12 of the root), so a fixed stack suffices.
  private readonly stack: Int32Array;

  constructor(
    private readonly n: number,
    dims: number,
    private readonly theta: number,
  ) {
    this.tree = new SpaceTree(dims, n);
    this.stack = new Int32Array(64 * this.tree.fanout);
  }

  forces(coords: Float64Array, out: Float64Array): number {
    this.tree.build(coords, this.n);
    return repulsiveForces(this.tree, coords, this.n, this.theta, out, this.stack);
  }
}
