import { answerRequests, Barrier } from '@latentlens/data';
import { architectureFor } from '../core/architectures';
import { selectBackend } from '../core/backend';
import { batchCount, ModelEncoder, type EncodeResult } from '../core/encode';
import { accumulatePart } from '../core/epochRunner';
import { evaluationBatchSize, shardRange, TrainingReplica } from '../core/replica';
import type { AutoencoderConfig } from '../core/config';
import type { Reply, Request } from './protocol';

/**
 * One thread of a model pool (see jobPool.ts). In training, for every batch it computes its part of the
 * gradient into shared memory; after a barrier it adds all parts, in part order, for its own range
 * of the parameters and applies the optimizer step there, in the shared parameters; after a second
 * barrier it uploads the updated parameters to its tfjs backend.
 */

interface Trainer {
  worker: number;
  config: AutoencoderConfig;
  replica: TrainingReplica;
  order: Int32Array;
  /** Each worker's part of the current batch's gradient. */
  parts: Float32Array[];
  losses: Float32Array;
  barrier: Barrier;
  summed: Float32Array;
}

let trainer: Trainer | null = null;
let encoder: {
  worker: number;
  workers: number;
  encoder: ModelEncoder;
  pixels: Uint8Array;
  out: EncodeResult;
} | null = null;
const progressEvery = 100;

type Progress = (progress: { done: number; total: number }) => void;

function trainEpoch(t: Trainer, progress: Progress, firstStep: number, length: number): void {
  const { config, worker } = t;
  const workers = config.workers;
  const batches = Math.ceil(length / config.batchSize);
  const mine = shardRange(t.summed.length, worker, workers);
  const [from, to] = [mine.offset, mine.offset + mine.size];
  for (let b = 0; b < batches; b++) {
    const batchStart = b * config.batchSize;
    const count = Math.min(config.batchSize, length - batchStart);
    const { offset, size } = shardRange(count, worker, workers);
    t.losses[b * workers + worker] =
      size > 0
        ? t.replica.partGradient(t.order, batchStart + offset, size, count, t.parts[worker])
        : 0;
    t.barrier.wait();
    // Every thread reads the same losses after the barrier, so all stop at the same batch.
    if (!t.losses.subarray(b * workers, (b + 1) * workers).every(Number.isFinite)) return;
    let first = true;
    for (let w = 0; w < workers; w++) {
      if (shardRange(count, w, workers).size === 0) continue;
      accumulatePart(t.summed, t.parts[w], first, from, to);
      first = false;
    }
    t.replica.applyGradient(t.summed, firstStep + b, from, to);
    t.barrier.wait();
    t.replica.refresh();
    if (worker === 0 && ((b + 1) % progressEvery === 0 || b + 1 === batches))
      progress({ done: b + 1, total: batches });
  }
}

async function handle(request: Request): Promise<Reply> {
  switch (request.type) {
    case 'train-init': {
      await selectBackend(request.backend);
      const { config, shared, worker } = request;
      const params = new Float32Array(shared.params);
      const floats = params.length;
      trainer = {
        worker,
        config,
        replica: new TrainingReplica(
          architectureFor(config),
          config,
          { pixels: new Uint8Array(shared.pixels), mean: request.mean },
          {
            params,
            firstMoment: new Float32Array(shared.firstMoment),
            secondMoment: new Float32Array(shared.secondMoment),
          },
        ),
        order: new Int32Array(shared.order),
        parts: Array.from(
          { length: config.workers },
          (_, w) => new Float32Array(shared.gradients, 4 * floats * w, floats),
        ),
        losses: new Float32Array(shared.losses),
        barrier: new Barrier(shared.barrier, config.workers),
        summed: new Float32Array(floats),
      };
      return { type: 'ready' };
    }
    case 'evaluate': {
      const t = need(trainer);
      const losses: [number, number][] = [];
      const batches = Math.ceil(request.length / evaluationBatchSize);
      for (let b = t.worker; b < batches; b += t.config.workers) {
        const start = b * evaluationBatchSize;
        losses.push([
          b,
          t.replica.lossSum(t.order, start, Math.min(evaluationBatchSize, request.length - start)),
        ]);
      }
      return { type: 'evaluated', losses };
    }
    case 'encode-init': {
      await selectBackend(request.backend);
      const { shared, model } = request;
      const modelEncoder = new ModelEncoder(model);
      encoder = {
        worker: request.worker,
        workers: request.workers,
        encoder: modelEncoder,
        pixels: new Uint8Array(shared.pixels),
        out: {
          codes: new Float32Array(shared.codes),
          codeDim: modelEncoder.codeDim,
          reconstructionError: new Float32Array(shared.errors),
        },
      };
      return { type: 'ready' };
    }
    case 'encode': {
      const e = need(encoder);
      for (let b = e.worker; b < batchCount(request.n); b += e.workers) {
        await e.encoder.encodeBatch(e.pixels, request.n, b, e.out);
      }
      return { type: 'ready' };
    }
    case 'epoch':
      throw new Error('an epoch is trained synchronously');
  }
}

function need<T>(value: T | null): T {
  if (value === null) throw new Error('The worker was not initialised for this request');
  return value;
}

// An epoch is synchronous work (each batch's part, then the barriers) and is answered when it
// ends; the other requests await the backend.
answerRequests<Request, Reply, { done: number; total: number }>((body, progress) => {
  if (body.type !== 'epoch') return handle(body);
  trainEpoch(need(trainer), progress, body.firstStep, body.length);
  return { type: 'ready' };
});
