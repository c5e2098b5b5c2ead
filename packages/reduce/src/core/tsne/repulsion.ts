import { repulsiveForces, sumInOrder, walkingGroups } from './gradient';
import { SpaceTree } from './spaceTree';
import { GroupForces } from '../wasm/groupForces';

/** Barnes-Hut repulsion in one thread, over a tree that is rebuilt in place every call. */
export class BarnesHutRepulsion {
  private readonly tree: SpaceTree;
  private readonly starts: Int32Array;
  private readonly groupZ: Float64Array;
  private readonly kernel: GroupForces;

  constructor(
    private readonly n: number,
    dims: 2 | 3,
    private readonly theta: number,
  ) {
    this.tree = new SpaceTree(dims, n);
    this.starts = new Int32Array(n + 1);
    this.groupZ = new Float64Array(n);
    this.kernel = new GroupForces(n, dims);
  }

  /** Writes Σ_j w_ij² (y_i − y_j) per point into `out` and returns Z = Σ_{i≠j} w_ij. */
  forces(coords: Float64Array, out: Float64Array): number {
    this.tree.build(coords, this.n, this.theta);
    const groups = walkingGroups(this.tree, this.starts);
    this.kernel.load(this.tree);
    repulsiveForces(this.tree, this.starts, 0, groups, out, this.groupZ, this.kernel);
    return sumInOrder(this.groupZ, groups);
  }
}
