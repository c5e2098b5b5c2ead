import * as tf from '@tensorflow/tfjs-core';
import type { Architecture, Network } from './architecture';
import type { AutoencoderConfig } from './config';
import { parameterOffsets } from './flatten';
import { lossNormaliser } from './loss';
import { optimizerStep, type FlatOptimizerState } from './optimizer';
import { batchTensor } from './tensors';

/** Parameter values with the optimizer's state, each aligned with the architecture's params. */
export interface OptimizerArrays {
  params: Float32Array[];
  firstMoment: Float32Array[];
  secondMoment: Float32Array[];
}

/** The images a training step reads, centred; indices select and order them. */
export interface ImageSource {
  pixels: Uint8Array;
  mean: Float32Array;
}

/**
 * The products of a pass take a part's images as their output columns, and tfjs-backend-wasm's
 * XNNPACK products (4.22, 128-bit SIMD) compute output columns in tiles of 8: a 256×784 kernel
 * times 784×n took 359 µs for n = 24 and 462–476 µs for any n from 25 to 32 (least of 400 calls
 * each, interleaved, 2026-12-03, load 6). So parts whose sizes are multiples of 8 waste no tile.
 */
export const productTile = 8;

/**
 * Part w of W of a batch of `count` images: images [offset, offset + size) of the batch. The
 * parts' edges are the multiples of `productTile` nearest to the equal split, the last part
 * taking the rest: a batch of 50 on two threads is 24 + 26 images, 56 columns of tiles where
 * 25 + 25 would cost 64, the fewest for 50. With more parts than tiles some are empty.
 */
export function batchPart(
  count: number,
  w: number,
  workers: number,
): { offset: number; size: number } {
  const edge = (k: number): number =>
    k === workers
      ? count
      : Math.min(count, productTile * Math.round((k * count) / (workers * productTile)));
  return { offset: edge(w), size: edge(w + 1) - edge(w) };
}

/** Images per batch when only the loss is computed (validation, encoding). */
export const evaluationBatchSize = 1000;

/**
 * One thread's view of training: the flat parameters and optimizer state (its own, or shared
 * with other threads), the parameters as tensors, and the passes. It computes a part of a batch's
 * gradient, applies an optimizer step to a range of the parameters, and evaluates the loss.
 */
export class TrainingReplica {
  readonly offsets: number[];
  private readonly shapes: number[][];
  private tensors: tf.Tensor[] = [];
  private net: Network | null = null;

  constructor(
    private readonly architecture: Architecture,
    private readonly config: AutoencoderConfig,
    private readonly images: ImageSource,
    readonly state: FlatOptimizerState,
  ) {
    this.offsets = parameterOffsets(architecture.params);
    this.shapes = architecture.params.map((p) => p.shape);
    this.refresh();
  }

  /**
   * Writes the gradient of images order[start .. start+size), part of a batch of `batchCount`
   * images, into `into` (flat), and returns their lossSum. The normaliser counts the whole batch,
   * so the parts' gradients add up to the batch's.
   */
  partGradient(
    order: Int32Array,
    start: number,
    size: number,
    batchCount: number,
    into: Float32Array,
  ): number {
    return tf.tidy(() => {
      const x = batchTensor(
        this.images.pixels,
        order,
        start,
        size,
        this.images.mean,
        this.architecture.batchLayout,
      );
      const normaliser = lossNormaliser(this.config.loss, batchCount, this.images.mean.length);
      const { lossSum, gradients } = this.network().lossAndGradients(x, normaliser);
      gradients.forEach((g, i) => into.set(g.dataSync(), this.offsets[i]));
      return lossSum.dataSync()[0];
    });
  }

  /** The optimizer's step number `step` on flat elements [from, to); then call refresh(). */
  applyGradient(
    gradient: Float32Array,
    step: number,
    from = 0,
    to = this.state.params.length,
  ): void {
    optimizerStep(
      this.config.optimizer,
      this.state,
      gradient,
      this.config.learningRate,
      step,
      from,
      to,
    );
  }

  /** Uploads the current parameters (after every thread has finished its step). */
  refresh(): void {
    this.net?.dispose();
    tf.dispose(this.tensors);
    this.tensors = this.offsets
      .slice(0, -1)
      .map((start, i) =>
        tf.tensor(
          this.state.params.subarray(start, this.offsets[i + 1]),
          this.shapes[i],
          'float32',
        ),
      );
    this.net = this.architecture.network(this.tensors);
  }

  /** lossSum of images indices[start .. start+count). */
  lossSum(indices: Int32Array | null, start: number, count: number): number {
    return tf.tidy(
      () =>
        this.network()
          .lossSum(
            batchTensor(
              this.images.pixels,
              indices,
              start,
              count,
              this.images.mean,
              this.architecture.batchLayout,
            ),
          )
          .dataSync()[0],
    );
  }

  private network(): Network {
    if (this.net === null) throw new Error('The replica was disposed');
    return this.net;
  }

  dispose(): void {
    this.net?.dispose();
    this.net = null;
    tf.dispose(this.tensors);
    this.tensors = [];
  }
}
