import * as tf from '@tensorflow/tfjs-core';
import { architectureFor } from './architectures';
import type { AutoencoderConfig } from './config';
import { flatten, unflatten } from './flatten';
import {
  TrainingReplica,
  evaluationBatchSize,
  batchPart,
  type ImageSource,
  type OptimizerArrays,
} from './replica';

/** What a runner starts from: the images (all of them; orders index into them) and the state. */
export interface RunnerSetup {
  config: AutoencoderConfig;
  images: ImageSource;
  start: OptimizerArrays;
}

/**
 * Executes the training loop's heavy part. The in-process runner below is the reference; a
 * parallel one (src/parallel) must give identical numbers for the same `config.workers`.
 */
export interface EpochRunner {
  /**
   * One pass over `order` in batches of `config.batchSize`, optimizer steps firstStep,
   * firstStep + 1, …; returns the sum, in double precision and in (batch, part) order, of each
   * batch part's float32 lossSum. A batch whose loss is not finite ends the pass before its
   * step, and the sum returned is then not finite either.
   */
  trainEpoch(
    order: Int32Array,
    firstStep: number,
    onBatch?: (done: number, total: number) => void,
  ): Promise<number>;
  /** lossSum over the images, in batches of `evaluationBatchSize`, summed in batch order. */
  evaluate(indices: Int32Array): Promise<number>;
  arrays(): Promise<OptimizerArrays>;
  dispose(): Promise<void>;
}

export type RunnerFactory = (setup: RunnerSetup) => Promise<EpochRunner>;

/**
 * Adds part `part` of a batch's gradient into `sum` (the first part is copied), in float32, the
 * same way whichever thread does it.
 */
export function accumulatePart(
  sum: Float32Array,
  part: Float32Array,
  first: boolean,
  from = 0,
  to = sum.length,
): void {
  if (first) sum.set(part.subarray(from, to), from);
  else for (let k = from; k < to; k++) sum[k] += part[k];
}

/**
 * Runs everything on the active tfjs backend in this thread. Each batch's `config.workers` parts
 * are computed one after another and their gradients added in part order, exactly as the
 * parallel runner adds the parts its threads computed.
 */
export const inProcessRunner: RunnerFactory = async ({ config, images, start }) => {
  await tf.ready();
  const replica = new TrainingReplica(architectureFor(config), config, images, {
    params: flatten(start.params),
    firstMoment: flatten(start.firstMoment),
    secondMoment: flatten(start.secondMoment),
  });
  const floats = replica.state.params.length;
  const part = new Float32Array(floats);
  const sum = new Float32Array(floats);
  return {
    async trainEpoch(order, firstStep, onBatch) {
      const batches = Math.ceil(order.length / config.batchSize);
      let lossSum = 0;
      for (let b = 0; b < batches; b++) {
        const batchStart = b * config.batchSize;
        const count = Math.min(config.batchSize, order.length - batchStart);
        let first = true;
        for (let w = 0; w < config.workers; w++) {
          const { offset, size } = batchPart(count, w, config.workers);
          if (size === 0) continue;
          lossSum += replica.partGradient(order, batchStart + offset, size, count, part);
          accumulatePart(sum, part, first);
          first = false;
        }
        // Diverged: the caller reports it; further steps would only spread the NaN.
        if (!Number.isFinite(lossSum)) return lossSum;
        replica.applyGradient(sum, firstStep + b);
        replica.refresh();
        onBatch?.(b + 1, batches);
      }
      return lossSum;
    },
    async evaluate(indices) {
      let lossSum = 0;
      for (let s = 0; s < indices.length; s += evaluationBatchSize) {
        lossSum += replica.lossSum(indices, s, Math.min(evaluationBatchSize, indices.length - s));
      }
      return lossSum;
    },
    async arrays() {
      const { params, firstMoment, secondMoment } = replica.state;
      return {
        params: unflatten(params, replica.offsets),
        firstMoment: unflatten(firstMoment, replica.offsets),
        secondMoment: unflatten(secondMoment, replica.offsets),
      };
    },
    async dispose() {
      replica.dispose();
    },
  };
};
