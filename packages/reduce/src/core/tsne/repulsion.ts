import { repulsiveForces } from './gradient';
import { SpaceTree } from './spaceTree';

/** Barnes-Hut repulsion over a tree that is rebuilt in place every call. */
export class BarnesHutRepulsion {
  private readonly tree: SpaceTree;
  private sources: Float64Array;

  constructor(
    private readonly n: number,
    dims: 2 | 3,
    private readonly theta: number,
  ) {
    this.tree = new SpaceTree(dims);
    this.sources = new Float64Array(0);
  }

  /** Writes Σ_j w_ij² (y_i − y_j) per point into `out` and returns Z = Σ_{i≠j} w_ij. */
  forces(coords: Float64Array, out: Float64Array): number {
    const tree = this.tree;
    tree.build(coords, this.n, this.theta);
    const needed = (tree.dims + 1) * (this.n + tree.size);
    if (this.sources.length < needed) this.sources = new Float64Array(needed);
    return repulsiveForces(tree, out, this.sources);
  }
}
