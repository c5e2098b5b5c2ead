import type { ApproxKnnOptions } from '../core/knnApprox';
import type { SparseAffinities } from '../core/tsne/affinities';
import type { TsneSettings } from '../core/tsne/settings';
import type { UmapSettings } from '../core/umap';
import type { LayoutShape } from '../core/umap/layout';
import type { SharedWasmMemory } from '../core/wasm/module';

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

/**
 * UMAP's layout (see umapJob.ts): its sizes, and its memory (a shared WebAssembly memory, whose
 * instances every thread makes; the edges in it), already started by the caller, whose `coords`
 * the leader leaves the result in.
 */
export interface UmapJob {
  type: 'umap';
  shape: LayoutShape;
  settings: UmapSettings;
  memory: SharedWasmMemory;
}

export type Job = TsneJob | KnnJob | UmapJob;

export interface JobMessage {
  job: Job;
  /** This thread's place in the team: 0 leads. */
  member: number;
  members: number;
  team: SharedArrayBuffer;
}
