import { answerRequests, Barrier } from '@latentlens/data';
import { architectureFor } from '../core/architectures';
import { selectBackend } from '../core/backend';
import { batchCount, ModelEncoder, type EncodeResult } from '../core/encode';
import { accumulatePart } from '../core/epochRunner';
import { batchPart, evaluationBatchSize, TrainingReplica } from '../core/replica';
import type { AutoencoderConfig } from '../core/config';
import { TRAIN_PHASES, type Reply, type Request } from './protocol';

/**
 * One thread of a model pool (see jobPool.ts). In training, for every batch it computes its part of
 * the gradient into shared memory; after a barrier the threads share out the optimizer step in
 * pieces (see stepPiece): for each piece it takes, a thread adds all parts, in part order, and
 * applies the step there, in the shared parameters; after a second barrier it uploads the updated
 * parameters to its tfjs backend.
 */

/**
 * Floats per piece of the optimizer step. The threads take pieces from a shared counter until none
 * is left, so a thread whose part was smaller (24 of 50 images against 26: see batchPart) or that
 * the scheduler ran sooner steps more of the parameters, and the other waits less at the second
 * barrier. Each float's sum and step are the same whoever computes them, so the bytes do not
 * depend on who took which piece. The step over all 218,432 floats of the seed takes about 1.3 ms;
 * 4,096 floats are about 25 µs, against well under 1 µs for taking a piece.
 */
const stepPiece = 4096;

interface Trainer {
  worker: number;
  config: AutoencoderConfig;
  replica: TrainingReplica;
  order: Int32Array;
  /** Each worker's part of the current batch's gradient. */
  parts: Float32Array[];
  losses: Float32Array;
  barrier: Barrier;
  nextPiece: Int32Array;
  summed: Float32Array;
  /** This thread's row of TrainShared.timings, when profiling. */
  timings: Float64Array | null;
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

/** Adds the wall time since the last call to phase `phase` of `timings` (when profiling). */
function phaseClock(timings: Float64Array | null): (phase: number) => void {
  if (timings === null) return () => {};
  let last = performance.now();
  return (phase) => {
    const now = performance.now();
    timings[phase] += now - last;
    last = now;
  };
}

function trainEpoch(t: Trainer, progress: Progress, firstStep: number, length: number): void {
  const { config, worker } = t;
  const workers = config.workers;
  const floats = t.summed.length;
  const pieces = Math.ceil(floats / stepPiece);
  const batches = Math.ceil(length / config.batchSize);
  const lap = phaseClock(t.timings);
  for (let b = 0; b < batches; b++) {
    // Safe to reset here: every thread took its last piece of the previous batch before the
    // second barrier, and none takes one of this batch before the first.
    if (worker === 0) Atomics.store(t.nextPiece, 0, 0);
    const batchStart = b * config.batchSize;
    const count = Math.min(config.batchSize, length - batchStart);
    const { offset, size } = batchPart(count, worker, workers);
    t.losses[b * workers + worker] =
      size > 0
        ? t.replica.partGradient(t.order, batchStart + offset, size, count, t.parts[worker])
        : 0;
    lap(0);
    t.barrier.wait();
    lap(1);
    // Every thread reads the same losses after the barrier, so all stop at the same batch.
    if (!t.losses.subarray(b * workers, (b + 1) * workers).every(Number.isFinite)) return;
    for (let p = Atomics.add(t.nextPiece, 0, 1); p < pieces; p = Atomics.add(t.nextPiece, 0, 1)) {
      const from = p * stepPiece;
      const to = Math.min(floats, from + stepPiece);
      let first = true;
      for (let w = 0; w < workers; w++) {
        if (batchPart(count, w, workers).size === 0) continue;
        accumulatePart(t.summed, t.parts[w], first, from, to);
        first = false;
      }
      t.replica.applyGradient(t.summed, firstStep + b, from, to);
      if (t.timings !== null) t.timings[TRAIN_PHASES.length]++;
    }
    lap(2);
    t.barrier.wait();
    lap(3);
    t.replica.refresh();
    lap(4);
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
        nextPiece: new Int32Array(shared.nextPiece),
        summed: new Float32Array(floats),
        timings:
          shared.timings === undefined
            ? null
            : new Float64Array(
                shared.timings,
                8 * (TRAIN_PHASES.length + 1) * worker,
                TRAIN_PHASES.length + 1,
              ),
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
