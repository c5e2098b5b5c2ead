/**
 * The benchmark's input: Fashion-MNIST (Debian's `dataset-fashion-mnist`), all 70,000 images as
 * pixels / 255, train then test, reduced to 64 dimensions by PCA fitted on all 70,000 rows. The
 * projection is cached (float32, row-major) so that reruns skip the fit.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { pcaEmbed } from '../src/core/pca';

const FASHION_DIR = '/usr/share/datasets/fashion-mnist';
const PCA_DIMS = 64;
/** Rows of the training file; the test file's 10,000 follow them. */
const TRAIN_ROWS = 60_000;

export interface FashionPca {
  data: Float32Array;
  labels: Uint8Array;
  n: number;
  d: number;
  /** How the projection was obtained (fitted now, with seconds, or read from the cache). */
  source: string;
}

function gunzip(file: string): Buffer {
  return gunzipSync(readFileSync(join(FASHION_DIR, file)));
}

function readImages(file: string): Uint8Array {
  const bytes = gunzip(file);
  if (bytes.readUInt32BE(0) !== 0x803) throw new Error(`${file}: not an idx3 image file`);
  const count = bytes.readUInt32BE(4);
  const size = bytes.readUInt32BE(8) * bytes.readUInt32BE(12);
  return bytes.subarray(16, 16 + count * size);
}

function readLabels(file: string): Uint8Array {
  const bytes = gunzip(file);
  if (bytes.readUInt32BE(0) !== 0x801) throw new Error(`${file}: not an idx1 label file`);
  return bytes.subarray(8, 8 + bytes.readUInt32BE(4));
}

export function cacheDir(): string {
  const dir = process.env.LATENTLENS_CACHE ?? join(tmpdir(), 'latentlens-cache');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** All 70,000 rows (train then test) as PCA-64 of pixels / 255, fitted on all of them. */
export function loadFashionPca(): FashionPca {
  const labels = Buffer.concat([
    readLabels('train-labels-idx1-ubyte.gz'),
    readLabels('t10k-labels-idx1-ubyte.gz'),
  ]);
  const n = labels.length;
  const cache = join(cacheDir(), `fashion-mnist-pca${PCA_DIMS}-fit${n}.f32`);
  if (existsSync(cache)) {
    const bytes = readFileSync(cache);
    const data = new Float32Array(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    );
    if (data.length === n * PCA_DIMS)
      return { data, labels: new Uint8Array(labels), n, d: PCA_DIMS, source: `cached ${cache}` };
  }
  const pixels = Buffer.concat([
    readImages('train-images-idx3-ubyte.gz'),
    readImages('t10k-images-idx3-ubyte.gz'),
  ]);
  const size = pixels.length / n;
  const scaled = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) scaled[i] = pixels[i] / 255;
  const started = Date.now();
  const { coords } = pcaEmbed(scaled, n, size, { dims: PCA_DIMS });
  const seconds = (Date.now() - started) / 1000;
  writeFileSync(cache, coords);
  return {
    data: coords,
    labels: new Uint8Array(labels),
    n,
    d: PCA_DIMS,
    source: `PCA-${PCA_DIMS} fitted on ${n}×${size} in ${seconds.toFixed(1)} s, cached at ${cache}`,
  };
}

/** The first `n` rows of the benchmark's order: the test images first when n ≤ 10,000. */
export function fashionRows(
  all: FashionPca,
  n: number,
): { data: Float32Array; labels: Uint8Array } {
  const testRows = all.n - TRAIN_ROWS;
  if (n <= testRows) {
    return {
      data: all.data.subarray(TRAIN_ROWS * all.d, (TRAIN_ROWS + n) * all.d),
      labels: all.labels.subarray(TRAIN_ROWS, TRAIN_ROWS + n),
    };
  }
  return { data: all.data.subarray(0, n * all.d), labels: all.labels.subarray(0, n) };
}
