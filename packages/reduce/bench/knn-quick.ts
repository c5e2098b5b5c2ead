/**
 * Benchmark: recall@15 and wall time of the kNN methods on a realistic 64-D input, PCA-64 of
 * Fashion-MNIST. Usage (from packages/reduce):
 *   npx tsc --outDir /tmp/knn-bench --module commonjs --target ES2022 --strict --esModuleInterop \
 *     --types node --skipLibCheck bench/knn-quick.ts
 *   node /tmp/knn-bench/bench/knn-quick.js <dir with train-images-idx3-ubyte.gz and t10k-…> [sizes]
 * Exact neighbours for recall are computed for 500 sampled query rows only (all rows is O(n²)).
 * Arguments: data dir, comma-separated sizes (default 10000,70000), methods (default exact,approx;
 * exact runs only up to 20,000 rows).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { exactKnn } from '../src/core/knn';
import { approxKnn } from '../src/core/knnApprox';
import { pcaEmbed } from '../src/core/pca';
import { sampleIndices, seededRandom } from '../src/core/random';

const K = 15;
const DIMS = 64;

function readIdxImages(file: string): { pixels: Uint8Array; count: number; size: number } {
  const bytes = zlib.gunzipSync(fs.readFileSync(file));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) !== 0x803) throw new Error(`${file}: not an idx3 image file`);
  const count = view.getUint32(4);
  const size = view.getUint32(8) * view.getUint32(12);
  return { pixels: bytes.subarray(16, 16 + count * size), count, size };
}

/** PCA fitted on the first 10,000 rows (exact covariance on all 70,000 takes too long), applied to all. */
function pca64(dir: string): Float32Array {
  const cache = path.join('/tmp', 'fashion-pca64.f32');
  if (fs.existsSync(cache)) return new Float32Array(fs.readFileSync(cache).buffer.slice(0));
  const parts = ['train-images-idx3-ubyte.gz', 't10k-images-idx3-ubyte.gz'].map((f) =>
    readIdxImages(path.join(dir, f)),
  );
  const size = parts[0].size;
  const n = parts.reduce((s, p) => s + p.count, 0);
  const all = new Float32Array(n * size);
  let offset = 0;
  for (const p of parts)
    for (let i = 0; i < p.pixels.length; i++) all[offset++] = p.pixels[i] / 255;
  const started = Date.now();
  const fit = pcaEmbed(all.subarray(0, 10000 * size), 10000, size, { dims: DIMS });
  console.log(`PCA-${DIMS} fit on 10000x${size}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const out = new Float32Array(n * DIMS);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < DIMS; c++) {
      let s = 0;
      for (let t = 0; t < size; t++)
        s += (all[i * size + t] - fit.mean[t]) * fit.components[c * size + t];
      out[i * DIMS + c] = s;
    }
  }
  fs.writeFileSync(cache, Buffer.from(out.buffer));
  return out;
}

/** Exact k-NN of the `queries` rows against all n rows, for recall. */
function exactForRows(data: Float32Array, n: number, d: number, queries: Int32Array): Int32Array[] {
  return Array.from(queries, (q) => {
    const dist = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < d; t++) s += (data[q * d + t] - data[j * d + t]) ** 2;
      dist[j] = j === q ? Infinity : s;
    }
    const order = Array.from({ length: n }, (_, j) => j).sort((a, b) => dist[a] - dist[b]);
    return Int32Array.from(order.slice(0, K));
  });
}

function recall(found: Int32Array, queries: Int32Array, truth: Int32Array[]): number {
  let hits = 0;
  queries.forEach((q, s) => {
    const set = new Set(truth[s]);
    for (let p = 0; p < K; p++) if (set.has(found[q * K + p])) hits++;
  });
  return hits / (queries.length * K);
}

/** Wall and user-CPU seconds: the machine is shared, so CPU time is the steadier figure. */
function time<T>(run: () => T): [T, string] {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage().user;
  const result = run();
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  return [
    result,
    `${wall.toFixed(2)} s wall, ${((process.cpuUsage().user - cpu) / 1e6).toFixed(2)} s CPU`,
  ];
}

const dir = process.argv[2] ?? '/usr/share/datasets/fashion-mnist';
const sizes = (process.argv[3] ?? '10000,70000').split(',').map(Number);
const methods = (process.argv[4] ?? 'exact,approx').split(',');
const full = pca64(dir);
for (const n of sizes) {
  const data = full.subarray(0, n * DIMS);
  const queries = sampleIndices(seededRandom(1), n, 500);
  const truth = exactForRows(data, n, DIMS, queries);
  if (methods.includes('exact') && n <= 20000) {
    const [graph, seconds] = time(() => exactKnn(data, n, DIMS, K));
    console.log(
      `exactKnn  n=${n}: recall@${K}=${recall(graph.indices, queries, truth).toFixed(4)} ${seconds}`,
    );
  }
  if (methods.includes('approx')) {
    const [graph, seconds] = time(() => approxKnn(data, n, DIMS, K, { seed: 0 }));
    console.log(
      `approxKnn n=${n}: recall@${K}=${recall(graph.indices, queries, truth).toFixed(4)} ${seconds}`,
    );
  }
}
