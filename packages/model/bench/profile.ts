/**
 * Where one training batch of the seed autoencoder spends its CPU time, on the wasm backend in
 * this thread, with Fashion-MNIST's images (see train.ts for the data). Usage (packages/model):
 *   npm run bench:train -- --profile
 * A batch of 50 with the default `workers: 2` is parts of 24 and 26 images (each thread computes
 * one part's gradient, then the threads share out adding the parts and Adam: a thread's share is
 * taken as half); this times each piece on its own: each part's whole gradient pass, the same
 * pass's matrix products alone (on tensors of the same shapes), Adam over all parameters, adding
 * two parts, and uploading the parameters (`refresh`). Times are CPU milliseconds, the least of several rounds, so that other
 * processes on a loaded machine inflate them less; the products' GFLOP/s count 2 flops per
 * multiply-add.
 */
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { architectureFor } from '../src/core/architectures';
import { selectBackend } from '../src/core/backend';
import { meanImage } from '../src/core/centering';
import { defaultAutoencoderConfig } from '../src/core/config';
import { accumulatePart } from '../src/core/epochRunner';
import { flatten } from '../src/core/flatten';
import { initialParameters } from '../src/core/initialization';
import { parameterLayout } from '../src/core/layout';
import { Mulberry32, shuffledIndices } from '../src/core/prng';
import { batchPart, TrainingReplica } from '../src/core/replica';
import { trainAutoencoder } from '../src/core/train';
import { parallelRunner } from '../src/parallel/parallelRunner';
import { TRAIN_PHASES } from '../src/parallel/protocol';

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** The least CPU time per call of each piece over `rounds` rounds of `calls` calls. */
function leastTimes(
  pieces: Record<string, () => void>,
  rounds = 7,
  calls = 30,
): Record<string, number> {
  const least: Record<string, number> = {};
  for (let round = 0; round < rounds; round++) {
    for (const [name, piece] of Object.entries(pieces)) {
      const started = cpuMs();
      for (let c = 0; c < calls; c++) piece();
      least[name] = Math.min(least[name] ?? Infinity, (cpuMs() - started) / calls);
    }
  }
  return least;
}

export async function profileBatch(pixels: Uint8Array, n: number): Promise<void> {
  await selectBackend('wasm');
  const config = { ...defaultAutoencoderConfig, epochs: 1 };
  const { dims, batchSize, workers } = config;
  const architecture = architectureFor(config);
  const rng = new Mulberry32(0);
  const params = flatten(initialParameters(architecture.params, rng).map((p) => p.values));
  const mean = meanImage(pixels, n, dims[0]);
  const replica = new TrainingReplica(
    architecture,
    config,
    { pixels, mean },
    {
      params,
      firstMoment: new Float32Array(params.length),
      secondMoment: new Float32Array(params.length),
    },
  );
  const order = shuffledIndices(rng, n);
  const sizes = Array.from({ length: workers }, (_, w) => batchPart(batchSize, w, workers).size);
  const parts = sizes.map(() => new Float32Array(params.length));
  const sum = new Float32Array(params.length);

  // The pass's products, as network.ts makes them on a part: per layer out×in · in×rows forward,
  // the kernel gradient (rows as the shared dimension) and, but for the first layer, δ back.
  const layout = parameterLayout(dims, config.tiedWeights);
  const productsOf = (rows: number) => {
    const shapes: [number, number, number][] = [];
    for (const [l, { inputSize: i, outputSize: o }] of layout.layers.entries()) {
      shapes.push([o, i, rows], [o, rows, i]);
      if (l > 0) shapes.push([i, o, rows]);
    }
    return {
      operands: shapes.map(
        ([m, k, cols]) => [tf.randomNormal([m, k]), tf.randomNormal([k, cols])] as const,
      ),
      flops: 2 * shapes.reduce((s, [m, k, cols]) => s + m * k * cols, 0),
    };
  };
  const products = sizes.map(productsOf);

  let batch = 0;
  let step = 1;
  const t = leastTimes({
    ...Object.fromEntries(
      sizes.flatMap((rows, w) => [
        [
          `pass ${w}`,
          () => {
            const start = (batch++ % Math.floor(n / rows)) * rows;
            replica.partGradient(order, start, rows, batchSize, parts[w]);
          },
        ],
        // A copy of each right operand first, so that XNNPACK packs it as it does the pass's
        // fresh ones; the copies alone are timed apart and taken off.
        [
          `products ${w}`,
          () =>
            tf.tidy(() => {
              for (const [a, b] of products[w].operands)
                tf.matMul(a as tf.Tensor2D, tf.clone(b) as tf.Tensor2D);
            }),
        ],
        [
          `clones ${w}`,
          () =>
            tf.tidy(() => {
              for (const [, b] of products[w].operands) tf.clone(b);
            }),
        ],
      ]),
    ),
    adam: () => replica.applyGradient(parts[0], step++),
    accumulate: () => parts.forEach((p, w) => accumulatePart(sum, p, w === 0)),
    refresh: () => replica.refresh(),
  });
  const rows = sizes[0];
  // The pass's kernels as tf.profile times them (wall time, the least of several passes each):
  // what is left of the pass is tfjs's own work per op (bookkeeping, allocation, tidy).
  const kernelLeast: number[] = [];
  let kernelNames: string[] = [];
  for (let round = 0; round < 20; round++) {
    const { kernels } = await tf.profile(() => {
      replica.partGradient(order, round * rows, rows, batchSize, parts[0]);
    });
    kernels.forEach(
      (k, i) => (kernelLeast[i] = Math.min(kernelLeast[i] ?? Infinity, Number(k.kernelTimeMs))),
    );
    kernelNames = kernels.map((k) => k.name);
  }
  const kernelMs = (matMul: boolean) =>
    kernelLeast.reduce(
      (s, ms, i) => s + ((kernelNames[i] === 'BatchMatMul') === matMul ? ms : 0),
      0,
    );
  const otherOps = kernelNames.filter((k) => k !== 'BatchMatMul').length;
  replica.dispose();
  tf.dispose(products.flatMap((p) => p.operands.flat()));

  const productMs = sizes.map((_, w) => t[`products ${w}`] - t[`clones ${w}`]);
  const average = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const pass = average(sizes.map((_, w) => t[`pass ${w}`]));
  const product = average(productMs);
  const flops = average(products.map((p) => p.flops));
  // The threads share the optimizer step out (worker.ts), so a thread's share is its mean.
  const perThread = pass + (t.adam + t.accumulate) / workers + t.refresh;
  const share = (ms: number) => `${((100 * ms) / perThread).toFixed(0)}%`;
  console.log(
    `profile: one thread's share of a batch of ${batchSize} (parts of ${sizes.join(' + ')}), CPU ms, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  sizes.forEach((size, w) =>
    console.log(
      `  part of ${size}: pass ${t[`pass ${w}`].toFixed(3)}, its products ${productMs[w].toFixed(3)} (${(products[w].flops / productMs[w] / 1e6).toFixed(1)} GFLOP/s)`,
    ),
  );
  console.log(
    `  matrix products       ${product.toFixed(3)} (${share(product)}), ${(flops / product / 1e6).toFixed(1)} GFLOP/s`,
  );
  console.log(`  other tfjs ops, I/O   ${(pass - product).toFixed(3)} (${share(pass - product)})`);
  console.log(
    `    of the pass of ${rows}, in kernels: products ${kernelMs(true).toFixed(3)}, ${otherOps} other ops ${kernelMs(false).toFixed(3)}; outside kernels ${(t['pass 0'] - kernelMs(true) - kernelMs(false)).toFixed(3)}`,
  );
  console.log(
    `  Adam, per thread      ${(t.adam / workers).toFixed(3)} (${share(t.adam / workers)})`,
  );
  console.log(
    `  adding parts, each   ${(t.accumulate / workers).toFixed(3)} (${share(t.accumulate / workers)})`,
  );
  console.log(`  refresh               ${t.refresh.toFixed(3)} (${share(t.refresh)})`);
  console.log(
    `  total ${perThread.toFixed(3)} ms: ${(flops / perThread / 1e6).toFixed(1)} GFLOP/s per thread overall; ` +
      `${workers} such threads would train ${Math.round((batchSize / perThread) * 1000)} samples/s before waiting at barriers`,
  );
}

/**
 * Where each training thread's wall time goes over one epoch of the n images with the defaults
 * (two threads, batch 50), as the threads themselves clock it (TRAIN_PHASES), per batch; and the
 * share of the optimizer step each thread took. Usage (packages/model):
 *   npm run bench:train -- --threads [samples]
 * Waits at the barriers are time a thread had nothing to do; on a loaded machine they include the
 * other thread's waits for a core.
 */
export async function profileThreads(pixels: Uint8Array, n: number): Promise<void> {
  await selectBackend('wasm');
  const config = { ...defaultAutoencoderConfig, epochs: 1 };
  const columns = TRAIN_PHASES.length + 1;
  const warmUp = parallelRunner('wasm');
  await trainAutoencoder(pixels, Math.min(n, 1000), config, { runner: warmUp });
  const timings = new SharedArrayBuffer(8 * columns * config.workers);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await trainAutoencoder(pixels, n, config, { runner: parallelRunner('wasm', { timings }) });
  const wall = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const batches = Math.ceil(n / config.batchSize);
  const rows = new Float64Array(timings);
  const pieces = Array.from({ length: config.workers }, (_, w) => rows[w * columns + columns - 1]);
  const allPieces = pieces.reduce((a, b) => a + b, 0);
  console.log(
    `threads: one epoch of ${n} images, ${config.workers} threads, batch ${config.batchSize}: ${Math.round(n / wall)} samples/s, ${Math.round(n / ((cpu.user + cpu.system) / 1e6))} per CPU-second; load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  for (let w = 0; w < config.workers; w++) {
    const ms = (phase: number) => (rows[w * columns + phase] / batches).toFixed(3);
    console.log(
      `  thread ${w} (part of ${batchPart(config.batchSize, w, config.workers).size}), wall ms per batch: ` +
        TRAIN_PHASES.map((name, phase) => `${name} ${ms(phase)}`).join(', ') +
        `; took ${((100 * pieces[w]) / allPieces).toFixed(0)}% of the optimizer step`,
    );
  }
}
