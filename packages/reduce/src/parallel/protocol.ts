import type { ApproxKnnOptions } from '../core/knnApprox';
import type { SparseAffinities } from '../core/tsne/affinities';
import type { TsneSettings } from '../core/tsne/settings';

/**
 * Messages between the main thread and the pool's workers. Typed arrays in jobs live in shared
 * memory: posting them shares, never copies.
 */

/** t-SNE's gradient descent (see tsneJob.ts); the leader writes the layout into `coords`. */
export interface TsneJob {
  type: 'tsne';
  P: SparseAffinities;
  settings: TsneSettings;
  coords: Float64Array;
  /** The gradient's shared memory (see `threadGradient`). */
  arena: SharedArrayBuffer;
}

/** A k-nearest-neighbour search (see knnJob.ts); the leader answers the graph. */
export interface KnnJob {
  type: 'knn';
  method: 'exact' | 'approx';
  data: Float32Array;
  n: number;
  d: number;
  k: number;
  options: ApproxKnnOptions;
  /** The search's shared memory (see `knnSearch`). */
  arena: SharedArrayBuffer;
}

export type Job = TsneJob | KnnJob;

export interface JobMessage {
  job: Job;
  /** This thread's place in the team: 0 leads. */
  member: number;
  members: number;
  team: SharedArrayBuffer;
}

export type Reply =
  | { type: 'progress'; progress: unknown }
  | { type: 'done'; result: unknown }
  | { type: 'error'; message: string };
