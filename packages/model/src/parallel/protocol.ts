import type { BackendName } from '../core/backend';
import type { AutoencoderConfig } from '../core/config';
import type { AutoencoderModel } from '../core/state';

/** Memory every worker of a training pool shares with the main thread. */
export interface TrainShared {
  /** All images, n × size bytes. */
  pixels: SharedArrayBuffer;
  /** Int32 image indices of the current epoch's order (or of the images to evaluate). */
  order: SharedArrayBuffer;
  /** Float32 [workers][parameter floats]: each worker's part of a batch's gradient. */
  gradients: SharedArrayBuffer;
  /** Float32 flat parameters and optimizer state, updated in place (each worker its range). */
  params: SharedArrayBuffer;
  firstMoment: SharedArrayBuffer;
  secondMoment: SharedArrayBuffer;
  /** Float32 [batches][workers]: each part's lossSum. */
  losses: SharedArrayBuffer;
  barrier: SharedArrayBuffer;
  /** Int32: the next piece of the optimizer step to take (see worker.ts). */
  nextPiece: SharedArrayBuffer;
  /**
   * When profiling (`parallelRunner`'s `timings`), Float64 [workers][TRAIN_PHASES.length + 1]:
   * each thread adds the wall milliseconds of each phase of every batch, then the number of
   * optimizer pieces it took.
   */
  timings?: SharedArrayBuffer;
}

/** The phases of a training batch on a thread, in order (see worker.ts). */
export const TRAIN_PHASES = [
  'part gradient',
  'wait for parts',
  'optimizer step',
  'wait for step',
  'refresh',
] as const;

export interface EncodeShared {
  pixels: SharedArrayBuffer;
  /** Float32 n × codeDim. */
  codes: SharedArrayBuffer;
  /** Float32 n. */
  errors: SharedArrayBuffer;
}

export type Request =
  | {
      type: 'train-init';
      backend: BackendName;
      worker: number;
      config: AutoencoderConfig;
      mean: Float32Array;
      shared: TrainShared;
    }
  /** Trains on order[0 .. length) with optimizer steps firstStep, firstStep + 1, …. */
  | { type: 'epoch'; firstStep: number; length: number }
  /** lossSum of every evaluation batch b of order[0 .. length) with b ≡ worker (mod workers). */
  | { type: 'evaluate'; length: number }
  | {
      type: 'encode-init';
      backend: BackendName;
      worker: number;
      workers: number;
      model: AutoencoderModel;
      shared: EncodeShared;
    }
  /** Encodes every batch b of the first n images with b ≡ worker (mod workers). */
  | { type: 'encode'; n: number };

/** What a request resolves to; progress and errors travel in the pool's envelopes. */
export type Reply = { type: 'ready' } | { type: 'evaluated'; losses: [number, number][] };
