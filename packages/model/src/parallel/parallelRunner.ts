import { Barrier, sharedCopy } from '@latentlens/data';
import type { BackendName } from '../core/backend';
import type { EpochRunner, RunnerFactory } from '../core/epochRunner';
import { architectureFor } from '../core/architectures';
import { flatten, parameterOffsets, unflatten } from '../core/flatten';
import { modelPool } from './jobPool';
import type { Reply, TrainShared } from './protocol';

/** The arrays flattened straight into shared memory. */
function sharedFlat(arrays: readonly Float32Array[]): SharedArrayBuffer {
  const total = arrays.reduce((sum, a) => sum + a.length, 0);
  const shared = new SharedArrayBuffer(4 * total);
  flatten(arrays, new Float32Array(shared));
  return shared;
}

/**
 * Runs training on `config.workers` threads, each on its own instance of `backend`: every batch is
 * split into that many parts (see `batchPart`), each thread computes one part's gradient, then
 * the threads share out adding up the parts and taking the optimizer step, piece by piece, in
 * shared memory (see worker.ts). The numbers are exactly those of the in-process runner with the
 * same `workers`. Given `timings` (a SharedArrayBuffer of 8 × workers × (TRAIN_PHASES.length + 1)
 * bytes), the threads add to it where their wall time went (see TrainShared).
 */
export function parallelRunner(
  backend: BackendName,
  options: { timings?: SharedArrayBuffer } = {},
): RunnerFactory {
  return async ({ config, images, start }): Promise<EpochRunner> => {
    const workers = config.workers;
    const offsets = parameterOffsets(architectureFor(config).params);
    const floats = offsets[offsets.length - 1];
    const maxImages = images.pixels.length / images.mean.length;
    const shared: TrainShared = {
      pixels: sharedCopy(images.pixels).buffer as SharedArrayBuffer,
      order: new SharedArrayBuffer(4 * maxImages),
      gradients: new SharedArrayBuffer(4 * floats * workers),
      params: sharedFlat(start.params),
      firstMoment: sharedFlat(start.firstMoment),
      secondMoment: sharedFlat(start.secondMoment),
      losses: new SharedArrayBuffer(4 * workers * Math.ceil(maxImages / config.batchSize)),
      barrier: Barrier.buffer(),
      nextPiece: new SharedArrayBuffer(4),
      timings: options.timings,
    };
    const order = new Int32Array(shared.order);
    const losses = new Float32Array(shared.losses);
    const pool = modelPool(workers);
    try {
      await pool.all((worker) => ({
        type: 'train-init',
        backend,
        worker,
        config,
        mean: images.mean,
        shared,
      }));
    } catch (error) {
      await pool.close();
      throw error;
    }
    return {
      async trainEpoch(epochOrder, firstStep, onBatch) {
        order.set(epochOrder);
        await pool.all(
          () => ({ type: 'epoch', firstStep, length: epochOrder.length }),
          onBatch && ((p) => onBatch(p.done, p.total)),
        );
        const batches = Math.ceil(epochOrder.length / config.batchSize);
        // Parts without images hold 0, which leaves the ordered sum unchanged.
        let sum = 0;
        for (let k = 0; k < batches * workers; k++) sum += losses[k];
        return sum;
      },
      async evaluate(indices) {
        order.set(indices);
        const replies = await pool.all(() => ({ type: 'evaluate', length: indices.length }));
        const perBatch = replies
          .flatMap((r) => (r as Extract<Reply, { type: 'evaluated' }>).losses)
          .sort((a, b) => a[0] - b[0]);
        return perBatch.reduce((sum, [, loss]) => sum + loss, 0);
      },
      async arrays() {
        const read = (buffer: SharedArrayBuffer) => unflatten(new Float32Array(buffer), offsets);
        return {
          params: read(shared.params),
          firstMoment: read(shared.firstMoment),
          secondMoment: read(shared.secondMoment),
        };
      },
      dispose: () => pool.close(),
    };
  };
}
