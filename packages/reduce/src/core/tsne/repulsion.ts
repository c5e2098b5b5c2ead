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
  private readonly scratch: Float64Array;

  constructor(
    private readonly n: number,
    dims: 2 | 3,
    private readonly theta: number,
  ) {
    this.tree = new SpaceTree(dims);
    this.scratch = new Float64Array(n * (dims + 1));
  }

  forces(coords: Float64Array, out: Float64Array): number {
    this.tree.build(coords, this.n, this.theta);
    return repulsiveForces(this.tree, out, this.scratch);
  }
}
